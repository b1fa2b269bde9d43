// A real MCP client (the official TypeScript SDK) driven by toolgate's end-to-end tests.
// Usage: node client.mjs <mcp-url> '<steps JSON>' ['<extra request headers JSON>']
// Each step is {"op":"listTools"} | {"op":"ping"} | {"op":"listResources"} | {"op":"readResource","uri":URI}
// | {"op":"listPrompts"} | {"op":"getPrompt","name":NAME,"arguments":{...}} | {"tool":NAME,"arguments":{...}}; a tool
// step with "progress":true asks for progress, and its result gains "progress": the notifications' params in order.
// Prints one JSON object: serverVersion, instructions, protocolVersion and one result (or {error}) per step.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, stepsJson, headersJson] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: JSON.parse(headersJson || "{}") },
});
const client = new Client({ name: "toolgate-e2e", version: "1.0.0" });
await client.connect(transport);
const out = {
  serverVersion: client.getServerVersion(),
  instructions: client.getInstructions(),
  protocolVersion: transport.protocolVersion,
  sessionId: transport.sessionId,
  results: [],
};
for (const step of JSON.parse(stepsJson)) {
  try {
    if (step.op === "listTools") {
      out.results.push(await client.listTools());
    } else if (step.op === "ping") {
      out.results.push(await client.ping());
    } else if (step.op === "listResources") {
      out.results.push(await client.listResources());
    } else if (step.op === "readResource") {
      out.results.push(await client.readResource({ uri: step.uri }));
    } else if (step.op === "listPrompts") {
      out.results.push(await client.listPrompts());
    } else if (step.op === "getPrompt") {
      out.results.push(await client.getPrompt({ name: step.name, arguments: step.arguments ?? {} }));
    } else if (step.progress) {
      const progress = [];
      const result = await client.callTool({ name: step.tool, arguments: step.arguments ?? {} }, undefined,
        { onprogress: (p) => progress.push(p) });
      out.results.push({ ...result, progress });
    } else {
      out.results.push(await client.callTool({ name: step.tool, arguments: step.arguments ?? {} }));
    }
  } catch (e) {
    out.results.push({ error: String(e.message ?? e), code: e.code });
  }
}
await transport.terminateSession();
await client.close();
console.log(JSON.stringify(out));
