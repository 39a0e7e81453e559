package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxRuntimeSmokeTest {

    @Test
    void nativeLibraryLoadsAndRunsAHandWrittenModel() throws Exception {
        byte[] model = new OnnxProtoWriter()
                .input("x", "N", 2)
                .output("y", "N", 2)
                .node("Relu", new String[] {"x"}, new String[] {"y"})
                .build(13);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {-1f, 2f}), new long[] {1, 2});
             OrtSession.Result r = s.run(Map.of("x", x))) {
            float[] y = new float[2];
            ((OnnxTensor) r.get(0)).getFloatBuffer().get(y);
            assertArrayEquals(new float[] {0f, 2f}, y);
        }
    }
}
