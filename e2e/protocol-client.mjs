// The official TypeScript SDK client exercising what the gateway relays beyond tool results: progress, cancellation,
// sampling and elicitation requests, resources, prompts and tools/list_changed. Used by ProtocolIT.
// Usage: node protocol-client.mjs <mcp-url> <registration-url> <registration-token> <url-to-register>
// Prints one JSON object with what it observed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, ToolListChangedNotificationSchema }
  from "@modelcontextprotocol/sdk/types.js";

const [url, registrationUrl, token, toRegister] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url));
const client = new Client({ name: "toolgate-protocol-e2e", version: "1.0.0" },
  { capabilities: { sampling: {}, elicitation: {} } });
client.setRequestHandler(CreateMessageRequestSchema, (req) => ({
  model: "e2e-model", role: "assistant",
  content: { type: "text", text: `sampled: ${req.params.messages[0].content.text}` },
}));
client.setRequestHandler(ElicitRequestSchema, () => ({ action: "decline" }));
let listChanged = 0;
client.setNotificationHandler(ToolListChangedNotificationSchema, () => { listChanged++; });
await client.connect(transport);
const out = {};
const tools = await client.listTools();
out.tools = tools.tools.map((t) => t.name);
out.longRunning = tools.tools.find((t) => t.name === "everything_trigger-long-running-operation") ?? null;

const progress = [];
const done = await client.callTool({ name: "everything_trigger-long-running-operation", arguments: { duration: 0.6, steps: 3 } },
  undefined, { onprogress: (p) => progress.push(p) });
out.progress = progress;
out.progressResult = done.content?.[0]?.text;

const controller = new AbortController();
try {
  await client.callTool({ name: "everything_trigger-long-running-operation", arguments: { duration: 30, steps: 30 } },
    undefined, { signal: controller.signal, onprogress: () => controller.abort("enough") });
  out.cancelled = { error: null };
} catch (e) {
  out.cancelled = { error: String(e.message ?? e) };
}

const sampled = await client.callTool({ name: "everything_trigger-sampling-request", arguments: { prompt: "hi" } });
out.sampling = sampled.content?.map((c) => c.text).join("\n");
const elicited = await client.callTool({ name: "everything_trigger-elicitation-request", arguments: {} });
out.elicitation = elicited.content?.map((c) => c.text).join("\n");

const resources = await client.listResources();
out.resourceUris = resources.resources.map((r) => r.uri);
const first = resources.resources[0];
out.read = first ? await client.readResource({ uri: first.uri }) : null;
const prompts = await client.listPrompts();
out.prompts = prompts.prompts.map((p) => p.name);
out.prompt = await client.getPrompt({ name: "everything_args-prompt", arguments: { city: "Paris", state: "Texas" } });

const registered = await fetch(registrationUrl, {
  method: "POST",
  headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
  body: JSON.stringify({ domain: "second", url: toRegister }),
});
out.registrationStatus = registered.status;
for (let i = 0; i < 100 && listChanged === 0; i++) {
  await new Promise((r) => setTimeout(r, 100));
}
out.listChanged = listChanged;
out.toolsAfter = (await client.listTools()).tools.map((t) => t.name);
await transport.terminateSession();
await client.close();
console.log(JSON.stringify(out));
