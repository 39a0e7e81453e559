package org.imgloss.metrics.perceptual;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal protobuf writer for ONNX models, for tests: enough of {@code onnx.proto} to write a
 * small graph of standard operators with float initializers, so the tests need no model file and no
 * Python. Field numbers are those of {@code onnx/onnx.proto} (ModelProto, GraphProto, NodeProto,
 * TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto, AttributeProto).
 */
public final class OnnxProtoWriter {

    /** TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    /** A protobuf message under construction. */
    static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        private void tag(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        Msg integer(int field, long value) {
            tag(field, 0);
            varint(value);
            return this;
        }

        Msg bytes(int field, byte[] value) {
            tag(field, 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Msg string(int field, String value) {
            return bytes(field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Msg message(int field, Msg value) {
            return bytes(field, value.toByteArray());
        }

        Msg float32(int field, float value) {
            tag(field, 5);
            int bits = Float.floatToIntBits(value);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /**
     * A graph input or output: a float tensor whose dimensions are numbers (fixed) or names
     * (symbolic, e.g. {@code "N"}).
     */
    private static byte[] valueInfo(String name, Object... dims) {
        Msg shape = new Msg();
        for (Object d : dims) {
            Msg dim = new Msg();
            if (d instanceof Number n) {
                dim.integer(1, n.longValue());            // Dimension.dim_value
            } else {
                dim.string(2, String.valueOf(d));          // Dimension.dim_param
            }
            shape.message(1, dim);                         // TensorShapeProto.dim
        }
        Msg tensorType = new Msg().integer(1, FLOAT).message(2, shape); // elem_type, shape
        Msg type = new Msg().message(1, tensorType);                     // TypeProto.tensor_type
        return new Msg().string(1, name).message(2, type).toByteArray(); // ValueInfoProto name, type
    }

    public OnnxProtoWriter input(String name, Object... dims) {
        inputs.add(valueInfo(name, dims));
        return this;
    }

    public OnnxProtoWriter output(String name, Object... dims) {
        outputs.add(valueInfo(name, dims));
        return this;
    }

    /** A float initializer with raw little-endian data. */
    public OnnxProtoWriter initializer(String name, float[] values, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.integer(1, d);                               // TensorProto.dims
        }
        t.integer(2, FLOAT);                               // data_type
        t.string(8, name);                                 // name
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        t.bytes(9, raw.array());                           // raw_data
        initializers.add(t.toByteArray());
        return this;
    }

    /** Attribute builders for {@link #node}. */
    public static byte[] intsAttr(String name, long... values) {
        Msg a = new Msg().string(1, name).integer(20, ATTR_INTS);
        for (long v : values) {
            a.integer(8, v);                               // AttributeProto.ints (unpacked)
        }
        return a.toByteArray();
    }

    public static byte[] intAttr(String name, long value) {
        return new Msg().string(1, name).integer(20, ATTR_INT).integer(3, value).toByteArray();
    }

    public static byte[] floatAttr(String name, float value) {
        return new Msg().string(1, name).integer(20, ATTR_FLOAT).float32(2, value).toByteArray();
    }

    public OnnxProtoWriter node(String opType, String[] in, String[] out, byte[]... attributes) {
        Msg n = new Msg();
        for (String s : in) {
            n.string(1, s);                                // NodeProto.input
        }
        for (String s : out) {
            n.string(2, s);                                // output
        }
        n.string(4, opType);                               // op_type
        for (byte[] a : attributes) {
            n.bytes(5, a);                                 // attribute
        }
        nodes.add(n.toByteArray());
        return this;
    }

    /** The serialized ModelProto (IR version 8, default-domain opset {@code opset}). */
    public byte[] build(int opset) {
        Msg graph = new Msg();
        for (byte[] n : nodes) {
            graph.bytes(1, n);                             // GraphProto.node
        }
        graph.string(2, "imgloss_test");                   // name
        for (byte[] t : initializers) {
            graph.bytes(5, t);                             // initializer
        }
        for (byte[] v : inputs) {
            graph.bytes(11, v);                            // input
        }
        for (byte[] v : outputs) {
            graph.bytes(12, v);                            // output
        }
        Msg opsetId = new Msg().string(1, "").integer(2, opset); // OperatorSetIdProto domain, version
        return new Msg()
                .integer(1, 8)                             // ModelProto.ir_version
                .string(2, "imgloss-tests")                // producer_name
                .message(7, graph)                         // graph
                .message(8, opsetId)                       // opset_import
                .toByteArray();
    }
}
