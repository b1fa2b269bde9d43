package io.toolgate.codemode;

import io.toolgate.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each attempt to reach the host or to leave state for a later run is refused. */
class SandboxEscapeTest {

    static final RunLimits LIMITS = new RunLimits(10_000, 10_000_000, 50, 4, 200);
    static WorkerPool pool;

    @BeforeAll
    static void start() throws InterruptedException {
        pool = new WorkerPool(1, 128L * 1024 * 1024, System.getProperty("java.class.path"), 4);
        assertThat(pool.awaitIdle(1, 120_000)).isTrue();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static RunOutcome run(String code) throws InterruptedException {
        return pool.run(code, List.of("t"), LIMITS, (tool, args) -> Json.object().put("ok", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java", "Polyglot", "Packages", "java", "javax", "load", "loadWithNewGlobal", "print",
            "printErr", "require", "process", "Graal", "quit", "read", "readbuffer", "setTimeout", "module", "exports"})
    void hostGlobalsDoNotExist(String name) throws InterruptedException {
        assertThat(run("typeof " + name).value().asText()).isEqualTo("undefined");
        RunOutcome used = run(name + ".type ? 1 : 2");
        assertThat(used.errorCode()).isEqualTo(WorkerProtocol.SANDBOX_ERROR);
        assertThat(used.errorMessage()).startsWith("ReferenceError");
    }

    @Test
    void javaTypePolyglotEvalAndLoadAreRefused() throws InterruptedException {
        assertThat(run("Java.type('java.lang.Runtime')").errorMessage()).startsWith("ReferenceError");
        assertThat(run("Polyglot.eval('js', '1')").errorMessage()).startsWith("ReferenceError");
        assertThat(run("load('/etc/passwd')").errorMessage()).startsWith("ReferenceError");
        assertThat(run("Packages.java.io.File").errorMessage()).startsWith("ReferenceError");
    }

    @Test
    void toolFunctionsAndConsoleExposeNoHostObject() throws InterruptedException {
        RunOutcome out = run("""
                const seen = [];
                for (const v of [t, console.log, t({}), globalThis]) {
                  seen.push(Object.getOwnPropertyNames(v).filter(n => /class|host|getClass|java/i.test(n)));
                }
                const r = await t({});
                [seen.flat(), typeof r.getClass, Object.getPrototypeOf(r) === Object.prototype]""");
        assertThat(out.value()).as(out.toString()).isEqualTo(Json.parse("[[],\"undefined\",true]"));
    }

    @Test
    void noFileNetworkOrThreadApi() throws InterruptedException {
        RunOutcome out = run("['fetch', 'XMLHttpRequest', 'WebSocket', 'Worker', 'File', 'FileReader', 'Deno', 'Bun',"
                + " 'importScripts'].filter(n => typeof globalThis[n] !== 'undefined')");
        assertThat(out.value()).isEqualTo(Json.array());
        RunOutcome dynamicImport = run("await import('fs')");
        assertThat(dynamicImport.ok()).isFalse();
        assertThat(dynamicImport.errorMessage()).doesNotContain("\tat ");
    }

    @Test
    void globalsAndPrototypesDoNotSurviveARun() throws InterruptedException {
        assertThat(run("globalThis.x = 1; Object.prototype.polluted = 1; Array.prototype.push = null; "
                + "t.leak = 'secret'; 'set'").ok()).isTrue();
        RunOutcome later = run("[typeof x, ({}).polluted, typeof [].push, t.leak]");
        assertThat(later.value()).isEqualTo(Json.parse("[\"undefined\",null,\"function\",null]"));
    }
}
