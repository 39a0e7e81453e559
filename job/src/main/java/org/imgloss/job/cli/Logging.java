package org.imgloss.job.cli;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.imgloss.job.run.Sessions;

/**
 * The log configuration of the commands: Spark's and Hadoop's warnings and errors only
 * ({@value #QUIET_LOG}, shipped in the jar), or with {@code --verbose} their INFO log too
 * ({@value #VERBOSE_LOG}). A configuration the user gives ({@code -Dlog4j2.configurationFile}, or under
 * spark-submit a {@code log4j2.properties} in Spark's conf folder) is left alone.
 *
 * <ul>
 *   <li>Under the launcher Log4j2 has not started yet: the system property points it at the file.</li>
 *   <li>Under spark-submit Spark has configured Log4j2 before {@code main}, with its own defaults
 *       (INFO) when there is no {@code log4j2.properties}: then the quiet file is loaded in their place.</li>
 * </ul>
 */
final class Logging {

    static final String QUIET_LOG = "org/imgloss/job/log4j2-quiet.properties";
    static final String VERBOSE_LOG = "org/imgloss/job/log4j2-verbose.properties";

    /** The resource Spark configures Log4j2 from when the user gives no configuration. */
    static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";

    private Logging() {
    }

    /** Configures logging before a command starts Spark or Hadoop. */
    static void configure(boolean verbose) {
        if (System.getProperty("log4j2.configurationFile") != null) {
            return;
        }
        if (!Sessions.underSparkSubmit()) {
            System.setProperty("log4j2.configurationFile", verbose ? VERBOSE_LOG : QUIET_LOG);
            return;
        }
        if (verbose) {
            return; // Spark's own configuration: INFO
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (isSparkDefault(context.getConfiguration())) {
            URL quiet = Logging.class.getClassLoader().getResource(QUIET_LOG);
            try {
                context.setConfigLocation(quiet.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("the jar's log configuration has no URI: " + quiet, e);
            }
        }
    }

    /** True for the configuration Spark falls back to (its defaults file, or Log4j2's own default). */
    static boolean isSparkDefault(Configuration c) {
        if (c instanceof DefaultConfiguration || c.getConfigurationSource() == null
                || c.getConfigurationSource().getLocation() == null) {
            return true;
        }
        return c.getConfigurationSource().getLocation().replace('\\', '/').endsWith(SPARK_DEFAULTS);
    }
}
