// A small MCP server over stdio for toolgate's stdio transport tests (plain Node, no dependencies).
// Usage: node fixture-server.mjs [serve|garbage|silent|exit]
//   serve   answers initialize, tools/list, ping and tools/call of: echo, slow {ms}, crash, env, pid,
//           progress (notifies the request's progressToken), log (a notifications/message first), spawn (starts a
//           grandchild process and returns its pid), grow (adds a tool and sends notifications/tools/list_changed)
//   garbage answers every request with a line that is not JSON
//   chatty  serve, after writing 1000 lines to stderr at once
//   silent  reads requests and never answers
//   exit    writes "boom" to stderr and exits with status 2
import { spawn } from "node:child_process";
import readline from "node:readline";

const mode = process.argv[2] ?? "serve";
if (mode === "exit") {
  process.stderr.write("boom\n");
  process.exit(2);
}
process.stderr.write(`fixture ${mode} started\n`);
if (mode === "chatty") {
  process.stderr.write(Array.from({ length: 1000 }, (_, i) => `chatter ${i}`).join("\n") + "\n");
}

const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");
const text = (t) => ({ content: [{ type: "text", text: String(t) }] });
const tool = (name) => ({
  name,
  description: `fixture tool ${name}`,
  inputSchema: { type: "object", properties: { text: { type: "string" }, ms: { type: "number" } } },
});
const tools = ["echo", "slow", "crash", "env", "pid", "progress", "log", "spawn", "grow"].map(tool);

function call(id, params) {
  const args = params.arguments ?? {};
  switch (params.name) {
    case "echo":
      return send({ jsonrpc: "2.0", id, result: text(args.text ?? "") });
    case "slow":
      process.stderr.write(`slow ${args.ms} started\n`);
      return setTimeout(() => send({ jsonrpc: "2.0", id, result: text(`slept ${args.ms}`) }), args.ms ?? 1000);
    case "crash":
      return process.exit(3);
    case "env":
      return send({ jsonrpc: "2.0", id, result: text(JSON.stringify(process.env)) });
    case "pid":
      return send({ jsonrpc: "2.0", id, result: text(process.pid) });
    case "progress": {
      const token = params._meta?.progressToken;
      send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: token, progress: 1, total: 2 } });
      return send({ jsonrpc: "2.0", id, result: text("done") });
    }
    case "log":
      send({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "hello from fixture" } });
      return send({ jsonrpc: "2.0", id, result: text("logged") });
    case "spawn": {
      const child = spawn("sleep", ["300"], { stdio: "ignore" });
      return send({ jsonrpc: "2.0", id, result: text(child.pid) });
    }
    case "grow":
      tools.push(tool(`grown${tools.length}`));
      send({ jsonrpc: "2.0", id, result: text("grown") });
      return send({ jsonrpc: "2.0", method: "notifications/tools/list_changed" });
    default:
      return send({ jsonrpc: "2.0", id, error: { code: -32602, message: `no tool ${params.name}` } });
  }
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const msg = JSON.parse(line);
  if (msg.id === undefined || msg.method === undefined || mode === "silent") {
    return;
  }
  if (mode === "garbage") {
    return process.stdout.write("this is not json\n");
  }
  switch (msg.method) {
    case "initialize":
      return send({
        jsonrpc: "2.0", id: msg.id,
        result: { protocolVersion: msg.params.protocolVersion, capabilities: { tools: { listChanged: true } },
          serverInfo: { name: "fixture", version: "1.0.0" } },
      });
    case "tools/list":
      return send({ jsonrpc: "2.0", id: msg.id, result: { tools } });
    case "tools/call":
      return call(msg.id, msg.params);
    case "ping":
      return send({ jsonrpc: "2.0", id: msg.id, result: {} });
    default:
      return send({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: `Method not found: ${msg.method}` } });
  }
}).on("close", () => process.exit(0));
