// Evaluated first in every fresh run context. Returns a setup function: it installs console and one async function
// per tool on the global object, and returns the functions the worker drives the run with. The host object it
// receives is reachable only from these closures, and it passes nothing but strings and numbers.
(function (host, toolNamesJson, nestedLimit) {
    'use strict';
    const { parse, stringify } = JSON;
    const pending = new Map();
    const AsyncFunction = (async function () {}).constructor;
    // the shell's 'arguments' global; Java, Packages and Polyglot are absent without host and polyglot access
    delete globalThis.arguments;

    class ToolError extends Error {
        constructor(code, message, details, tool) {
            super(message);
            this.name = 'ToolError';
            this.code = code;
            this.details = details === undefined ? null : details;
            Object.defineProperty(this, 'tool', { value: tool, enumerable: false });
        }
    }

    function text(value) {
        if (typeof value === 'string') {
            return value;
        }
        try {
            const json = stringify(value);
            return json === undefined ? String(value) : json;
        } catch (e) {
            return String(value);
        }
    }

    const console = {};
    for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
        console[level] = (...args) => { host.log(level, args.map(text).join(' ')); };
    }
    globalThis.console = console;

    for (const name of parse(toolNamesJson)) {
        const fn = async function (args) {
            const id = host.call(name, stringify(args === undefined ? {} : args));
            if (id < 0) {
                throw new ToolError('nested_call_limit', `Code mode exceeded max_nested_calls (${nestedLimit})`,
                    { max_nested_calls: nestedLimit }, name);
            }
            return new Promise((resolve, reject) => pending.set(id, { resolve, reject, name }));
        };
        Object.defineProperty(fn, 'name', { value: name });
        globalThis[name] = fn;
    }

    function classify(e) {
        if (e instanceof ToolError) {
            if (e.code === 'nested_call_limit') {
                return stringify({ code: 'nested_call_limit', message: e.message, details: e.details });
            }
            return stringify({ code: 'tool_error', message: e.message,
                details: { tool: e.tool, code: e.code, details: e.details } });
        }
        if (e instanceof RangeError && e.message === 'Maximum call stack size exceeded') {
            return stringify({ code: 'recursion_limit', message: 'Code mode exceeded the recursion depth limit' });
        }
        let message;
        try {
            message = String(e);
        } catch (ignored) {
            message = 'uncaught exception';
        }
        return stringify({ code: 'sandbox_error', message: message });
    }

    return {
        start(body) {
            let fn;
            try {
                fn = new AsyncFunction(body);
            } catch (e) {
                host.fail(stringify({ code: 'syntax_error', message: String(e) }));
                return;
            }
            fn().then(value => {
                let json;
                try {
                    json = stringify(value);
                } catch (e) {
                    host.fail(stringify({ code: 'sandbox_error', message: 'The result is not JSON: ' + String(e) }));
                    return;
                }
                host.done(json === undefined ? 'null' : json);
            }, e => host.fail(classify(e)));
        },
        deliver(id, ok, json) {
            const p = pending.get(id);
            pending.delete(id);
            const v = parse(json);
            if (ok) {
                p.resolve(v);
            } else {
                p.reject(new ToolError(v.code, v.message, v.details, p.name));
            }
        }
    };
})
