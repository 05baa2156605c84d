package dev.graft.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --executor} and {@code --master} mistakes are user errors found before anything is written, and
 * Spark is not on the runner's own class path: only the graft-spark module brings it.
 */
class ExecutorOptionTest {
    @TempDir
    Path tmp;

    private String[] run(String... extra) throws Exception {
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), "name: tiny\n" + ExperimentRunTest.TINY
                + "experiment: {seeds: [1]}\n");
        String[] base = {"run", spec.toString(), "--out", tmp.resolve("run").toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static int execute(StringWriter err, String... args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void an_unknown_executor_is_a_user_error_naming_the_choices() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(Main.BAD_INPUT, execute(err, run("--executor", "yarn")));
        assertTrue(err.toString().contains("--executor yarn: no such executor; give one of local, spark"), err.toString());
        assertFalse(Files.exists(tmp.resolve("run")));
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    @Test
    void a_master_without_the_spark_executor_is_a_user_error() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(Main.BAD_INPUT, execute(err, run("--master", "local[2]")));
        assertTrue(err.toString().contains("--master local[2]: only --executor spark has a master"), err.toString());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void spark_is_not_on_the_runners_class_path_and_asking_for_it_there_says_how_to_get_it() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkConf"));
        StringWriter err = new StringWriter();
        assertEquals(Main.BAD_INPUT, execute(err, run("--executor", "spark", "--master", "local[2]")));
        assertTrue(err.toString().contains("the Spark executor (graft-spark) is not on the class path"), err.toString());
        assertFalse(Files.exists(tmp.resolve("run")));
        assertFalse(Files.exists(tmp.resolve("cache")));
    }
}
