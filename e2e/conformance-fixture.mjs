// The conformance fixture: an MCP server (official TypeScript SDK, Streamable HTTP, sessions) that offers every
// tool, resource and prompt the MCP conformance suite's server scenarios call (names listed in the README section
// "Protocol conformance"). toolgate's conformance run puts it behind the gateway as the single upstream.
// Usage: PORT=<port> node conformance-fixture.mjs   (binds 127.0.0.1 only)
import http from "node:http";
import { randomUUID } from "node:crypto";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema, CompleteRequestSchema, CreateMessageResultSchema, ElicitResultSchema,
  GetPromptRequestSchema, ListPromptsRequestSchema, ListResourceTemplatesRequestSchema, ListResourcesRequestSchema,
  ListRootsResultSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema, SetLevelRequestSchema, SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

// 1x1 transparent PNG and a short silent WAV header, base64
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
const WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";
const noArgs = { type: "object", properties: {} };

const tools = [
  { name: "test_simple_text", description: "Returns a simple text result", inputSchema: noArgs },
  { name: "test_image_content", description: "Returns an image content block", inputSchema: noArgs },
  { name: "test_audio_content", description: "Returns an audio content block", inputSchema: noArgs },
  { name: "test_embedded_resource", description: "Returns an embedded resource", inputSchema: noArgs },
  { name: "test_multiple_content_types", description: "Returns text, image and resource blocks", inputSchema: noArgs },
  { name: "test_tool_with_logging", description: "Sends three log messages while it runs", inputSchema: noArgs },
  { name: "test_error_handling", description: "Always fails with a tool error", inputSchema: noArgs },
  { name: "test_tool_with_progress", description: "Reports progress three times", inputSchema: noArgs },
  { name: "test_reconnection", description: "Answers after a short pause", inputSchema: noArgs },
  {
    name: "test_sampling", description: "Asks the client's model for a completion",
    inputSchema: { type: "object", properties: { prompt: { type: "string" } }, required: ["prompt"] },
  },
  {
    name: "test_elicitation", description: "Asks the user for input",
    inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
  },
  { name: "test_logging_tool", description: "Sends three log messages while it runs", inputSchema: noArgs },
  { name: "test_missing_capability", description: "Needs the client's sampling capability", inputSchema: noArgs },
  { name: "test_streaming_elicitation", description: "Asks the user for input while it runs", inputSchema: noArgs },
  { name: "test_trigger_tool_change", description: "Adds a tool and announces the list change", inputSchema: noArgs },
  { name: "test_trigger_prompt_change", description: "Adds a prompt and announces the list change", inputSchema: noArgs },
  {
    name: "test_custom_headers", description: "Takes a region that clients mirror into the Mcp-Param-Region header",
    inputSchema: {
      type: "object",
      properties: { region: { type: "string", "x-mcp-header": "Region" }, query: { type: "string" } },
      required: ["region"],
    },
  },
  // Multi-round requests (SEP-2322) the sessions-era way: the tool asks the client while it runs; the gateway turns
  // the questions into an InputRequiredResult for a stateless client
  { name: "test_input_required_result_elicitation", description: "Asks the user's name", inputSchema: noArgs },
  { name: "test_input_required_result_sampling", description: "Asks the client's model a question", inputSchema: noArgs },
  { name: "test_input_required_result_list_roots", description: "Asks for the client's roots", inputSchema: noArgs },
  { name: "test_input_required_result_request_state", description: "Asks for a confirmation", inputSchema: noArgs },
  { name: "test_input_required_result_multiple_inputs", description: "Asks three questions at once", inputSchema: noArgs },
  { name: "test_input_required_result_multi_round", description: "Asks two questions one after the other", inputSchema: noArgs },
  { name: "test_input_required_result_tampered_state", description: "Asks for a confirmation", inputSchema: noArgs },
  { name: "test_input_required_result_capabilities", description: "Asks what the client can answer", inputSchema: noArgs },
  // asks with the server-level API, which sends the request on the session's standalone (GET) event stream
  { name: "test_elicitation_on_event_stream", description: "Asks the user's name on the event stream", inputSchema: noArgs },
  // the tasks extension (SEP-2663): tools declare execution.taskSupport; the gateway runs them as tasks
  {
    name: "greet", description: "Greets by name",
    inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  },
  {
    name: "slow_compute", description: "Sleeps for the given seconds, then answers", execution: { taskSupport: "optional" },
    inputSchema: { type: "object", properties: { seconds: { type: "number" }, label: { type: "string" } } },
  },
  { name: "failing_job", description: "Fails with a tool error after a second", execution: { taskSupport: "required" }, inputSchema: noArgs },
  { name: "protocol_error_job", description: "Fails with a protocol error", execution: { taskSupport: "optional" }, inputSchema: noArgs },
  { name: "confirm_delete", description: "Asks for a confirmation, then deletes", execution: { taskSupport: "optional" }, inputSchema: noArgs },
  { name: "multi_input", description: "Asks two questions at once", execution: { taskSupport: "optional" }, inputSchema: noArgs },
  { name: "test_tool_with_task", description: "Asks the user's name, then works on", execution: { taskSupport: "required" }, inputSchema: noArgs },
  { name: "test_elicitation_sep1034_defaults", description: "Elicits with defaults for every primitive type", inputSchema: noArgs },
  { name: "test_elicitation_sep1330_enums", description: "Elicits with every enum variant", inputSchema: noArgs },
  {
    name: "json_schema_2020_12_tool", description: "Takes a JSON Schema 2020-12 input",
    inputSchema: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: {
        address: {
          $anchor: "addressDef",
          type: "object",
          properties: { street: { type: "string" }, city: { type: "string" } },
        },
      },
      properties: {
        name: { type: "string" },
        address: { $ref: "#/$defs/address" },
        contactMethod: { type: "string", enum: ["phone", "email"] },
        phone: { type: "string" },
        email: { type: "string" },
      },
      allOf: [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }],
      if: { properties: { contactMethod: { const: "phone" } }, required: ["contactMethod"] },
      then: { required: ["phone"] },
      else: { required: ["email"] },
      additionalProperties: false,
    },
  },
];

const resources = [
  { uri: "test://static-text", name: "static-text", description: "A static text resource", mimeType: "text/plain" },
  { uri: "test://static-binary", name: "static-binary", description: "A static binary resource", mimeType: "image/png" },
  { uri: "test://watched-resource", name: "watched-resource", description: "A resource to subscribe to", mimeType: "text/plain" },
];
const templates = [
  { uriTemplate: "test://template/{id}/data", name: "template-data", description: "Data for an id", mimeType: "application/json" },
];
const prompts = [
  { name: "test_simple_prompt", description: "A prompt without arguments" },
  {
    name: "test_prompt_with_arguments", description: "A prompt with two arguments",
    arguments: [{ name: "arg1", description: "First argument", required: true },
      { name: "arg2", description: "Second argument", required: true }],
  },
  {
    name: "test_prompt_with_embedded_resource", description: "A prompt embedding a resource",
    arguments: [{ name: "resourceUri", description: "The resource to embed", required: true }],
  },
  { name: "test_prompt_with_image", description: "A prompt with an image" },
  { name: "test_input_required_result_prompt", description: "A prompt that asks the user for context first" },
];

function text(t) {
  return { type: "text", text: t };
}

// questions a tool asks its client while it runs
const ask = {
  name: (extra, message = "What is your name?") => extra.sendRequest({
    method: "elicitation/create",
    params: { message, requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
  }, ElicitResultSchema),
  confirmation: (extra) => extra.sendRequest({
    method: "elicitation/create",
    params: { message: "Please confirm", requestedSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] } },
  }, ElicitResultSchema),
  model: (extra, question) => extra.sendRequest({
    method: "sampling/createMessage",
    params: { messages: [{ role: "user", content: text(question) }], maxTokens: 100 },
  }, CreateMessageResultSchema),
  roots: (extra) => extra.sendRequest({ method: "roots/list", params: {} }, ListRootsResultSchema),
};

function readResource(uri) {
  if (uri === "test://static-text") {
    return { uri, mimeType: "text/plain", text: "This is the content of the static text resource." };
  }
  if (uri === "test://static-binary") {
    return { uri, mimeType: "image/png", blob: PNG };
  }
  if (uri === "test://watched-resource") {
    return { uri, mimeType: "text/plain", text: "watched content" };
  }
  const m = /^test:\/\/template\/([^/]+)\/data$/.exec(uri);
  if (m) {
    return { uri, mimeType: "application/json", text: JSON.stringify({ id: m[1], data: `Data for ID: ${m[1]}` }) };
  }
  throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
}

async function callTool(request, extra, server) {
  const args = request.params.arguments ?? {};
  switch (request.params.name) {
    case "test_simple_text":
      return { content: [text("This is a simple text response for testing.")] };
    case "test_image_content":
      return { content: [{ type: "image", data: PNG, mimeType: "image/png" }] };
    case "test_audio_content":
      return { content: [{ type: "audio", data: WAV, mimeType: "audio/wav" }] };
    case "test_embedded_resource":
      return { content: [{ type: "resource", resource: { uri: "test://embedded-resource", mimeType: "text/plain", text: "This is an embedded resource content." } }] };
    case "test_multiple_content_types":
      return {
        content: [text("Multiple content types test:"), { type: "image", data: PNG, mimeType: "image/png" },
          { type: "resource", resource: { uri: "test://mixed-content-resource", mimeType: "application/json", text: "{\"test\":\"data\"}" } }],
      };
    case "test_tool_with_logging":
    case "test_logging_tool":
      for (const data of ["Tool execution started", "Tool processing data", "Tool execution completed"]) {
        await extra.sendNotification({ method: "notifications/message", params: { level: "info", logger: "fixture", data } });
        await new Promise((r) => setTimeout(r, 20));
      }
      return { content: [text("Tool with logging executed successfully")] };
    case "test_error_handling":
      return { isError: true, content: [text("This tool intentionally returns an error for testing")] };
    case "test_tool_with_progress": {
      const token = extra._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (token !== undefined) {
          await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress, total: 100, message: `step ${progress}` } });
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return { content: [text(String(token ?? "no progress token"))] };
    }
    case "test_reconnection":
      await new Promise((r) => setTimeout(r, 100));
      return { content: [text("Reconnection test completed")] };
    case "test_sampling": {
      const result = await extra.sendRequest({
        method: "sampling/createMessage",
        params: { messages: [{ role: "user", content: text(String(args.prompt ?? "")) }], maxTokens: 100 },
      }, CreateMessageResultSchema);
      return { content: [text(`LLM response: ${result.content?.text ?? JSON.stringify(result.content)}`)] };
    }
    case "test_elicitation": {
      const result = await extra.sendRequest({
        method: "elicitation/create",
        params: {
          message: String(args.message ?? "Please provide your information"),
          requestedSchema: { type: "object", properties: { username: { type: "string", description: "User's response" }, email: { type: "string", description: "User's email address" } }, required: ["username", "email"] },
        },
      }, ElicitResultSchema);
      return { content: [text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    }
    case "test_elicitation_sep1034_defaults": {
      const result = await extra.sendRequest({
        method: "elicitation/create",
        params: {
          message: "Please review and update the form fields with defaults",
          requestedSchema: {
            type: "object",
            properties: {
              name: { type: "string", description: "User name", default: "John Doe" },
              age: { type: "integer", description: "User age", default: 30 },
              score: { type: "number", description: "User score", default: 95.5 },
              status: { type: "string", description: "User status", enum: ["active", "inactive", "pending"], default: "active" },
              verified: { type: "boolean", description: "Verification status", default: true },
            },
          },
        },
      }, ElicitResultSchema);
      return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    }
    case "test_elicitation_sep1330_enums": {
      const result = await extra.sendRequest({
        method: "elicitation/create",
        params: {
          message: "Please select options from the enum fields",
          requestedSchema: {
            type: "object",
            properties: {
              untitledSingle: { type: "string", description: "Untitled single-select", enum: ["option1", "option2", "option3"] },
              titledSingle: { type: "string", description: "Titled single-select", oneOf: [{ const: "value1", title: "First Option" }, { const: "value2", title: "Second Option" }] },
              legacyEnum: { type: "string", description: "Legacy titled enum", enum: ["opt1", "opt2"], enumNames: ["Option One", "Option Two"] },
              untitledMulti: { type: "array", description: "Untitled multi-select", items: { type: "string", enum: ["option1", "option2", "option3"] } },
              titledMulti: { type: "array", description: "Titled multi-select", items: { anyOf: [{ const: "value1", title: "First Choice" }, { const: "value2", title: "Second Choice" }] } },
            },
          },
        },
      }, ElicitResultSchema);
      return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    }
    case "json_schema_2020_12_tool":
      return { content: [text(`ok: ${JSON.stringify(args)}`)] };
    case "test_missing_capability":
      try {
        await extra.sendRequest({
          method: "sampling/createMessage",
          params: { messages: [{ role: "user", content: text("ping") }], maxTokens: 10 },
        }, CreateMessageResultSchema);
        return { content: [text("sampling answered")] };
      } catch (e) {
        return { isError: true, content: [text(`sampling unavailable: ${e.message}`)] };
      }
    case "test_streaming_elicitation":
      try {
        const result = await extra.sendRequest({
          method: "elicitation/create",
          params: { message: "Your name?", requestedSchema: { type: "object", properties: { name: { type: "string" } } } },
        }, ElicitResultSchema);
        return { content: [text(`elicitation ${result.action}`)] };
      } catch (e) {
        return { content: [text(`elicitation unavailable: ${e.message}`)] };
      }
    case "test_trigger_tool_change":
      tools.push({ name: `dynamic_tool_${tools.length}`, description: "A tool added at run time", inputSchema: noArgs });
      await Promise.all([...servers].map((s) => s.sendToolListChanged().catch(() => {})));
      return { content: [text("tool list changed")] };
    case "test_trigger_prompt_change":
      prompts.push({ name: `dynamic_prompt_${prompts.length}`, description: "A prompt added at run time" });
      await Promise.all([...servers].map((s) => s.sendPromptListChanged().catch(() => {})));
      return { content: [text("prompt list changed")] };
    case "test_custom_headers":
      return { content: [text(`region ${args.region}`)] };
    case "test_elicitation_on_event_stream": {
      const answer = await server.elicitInput({
        message: "What is your name?",
        requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
      });
      return { content: [text(`Hello, ${answer.content?.name}!`)] };
    }
    case "greet":
      return { content: [text(`Hello, ${args.name}!`)] };
    case "slow_compute":
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, Number(args.seconds ?? 0) * 1000);
        extra.signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); });
      });
      return { content: [text(`computed ${args.label ?? ""} after ${args.seconds ?? 0} s`)] };
    case "failing_job":
      await new Promise((r) => setTimeout(r, 1000));
      return { isError: true, content: [text("the job failed")] };
    case "protocol_error_job":
      throw new McpError(-32603, "the job crashed");
    case "confirm_delete": {
      const answer = await ask.confirmation(extra);
      return { content: [text(answer.content?.ok ? "deleted" : "kept")] };
    }
    case "multi_input": {
      const [first, second] = await Promise.all([ask.name(extra, "First name?"), ask.name(extra, "Last name?")]);
      return { content: [text(`${first.content?.name} ${second.content?.name}`)] };
    }
    case "test_tool_with_task":
      return { content: [text(`Task done for ${(await ask.name(extra)).content?.name}`)] };
    case "test_input_required_result_elicitation":
      return { content: [text(`Hello, ${(await ask.name(extra)).content?.name}!`)] };
    case "test_input_required_result_sampling":
      return { content: [text((await ask.model(extra, "What is the capital of France?")).content?.text ?? "")] };
    case "test_input_required_result_list_roots":
      return { content: [text(`Roots: ${(await ask.roots(extra)).roots.map((r) => r.uri).join(", ")}`)] };
    case "test_input_required_result_request_state":
    case "test_input_required_result_tampered_state":
      return { content: [text(`state-ok: confirmed=${(await ask.confirmation(extra)).content?.ok}`)] };
    case "test_input_required_result_multiple_inputs": {
      const [name, greeting, roots] = await Promise.all([ask.name(extra), ask.model(extra, "Generate a greeting"), ask.roots(extra)]);
      return { content: [text(`${greeting.content?.text} ${name.content?.name} (${roots.roots.length} roots)`)] };
    }
    case "test_input_required_result_multi_round": {
      const name = await ask.name(extra, "Step 1: What is your name?");
      const color = await extra.sendRequest({
        method: "elicitation/create",
        params: { message: "Step 2: What is your favorite color?", requestedSchema: { type: "object", properties: { color: { type: "string" } }, required: ["color"] } },
      }, ElicitResultSchema);
      return { content: [text(`${name.content?.name} likes ${color.content?.color}`)] };
    }
    case "test_input_required_result_capabilities": {
      // a careful sessions-era tool asks for what helps and uses whatever the client could answer
      const answers = await Promise.allSettled([ask.name(extra), ask.model(extra, "Suggest a name")]);
      const got = answers.filter((a) => a.status === "fulfilled").map((a) => JSON.stringify(a.value.content));
      return got.length ? { content: [text(`answers: ${got.join(", ")}`)] } : { isError: true, content: [text("no answers")] };
    }
    default:
      return { isError: true, content: [text(`Unknown tool: ${request.params.name}`)] };
  }
}

async function getPrompt(request, extra) {
  const args = request.params.arguments ?? {};
  switch (request.params.name) {
    case "test_input_required_result_prompt": {
      const answer = await extra.sendRequest({
        method: "elicitation/create",
        params: { message: "What context should the prompt use?", requestedSchema: { type: "object", properties: { context: { type: "string" } }, required: ["context"] } },
      }, ElicitResultSchema);
      return { messages: [{ role: "user", content: text(`Use this context: ${answer.content?.context}`) }] };
    }
    case "test_simple_prompt":
      return { messages: [{ role: "user", content: text("This is a simple prompt for testing.") }] };
    case "test_prompt_with_arguments":
      return { messages: [{ role: "user", content: text(`Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`) }] };
    case "test_prompt_with_embedded_resource":
      return {
        messages: [
          { role: "user", content: { type: "resource", resource: { uri: args.resourceUri, mimeType: "text/plain", text: "Embedded resource content for testing." } } },
          { role: "user", content: text("Please process the embedded resource above.") },
        ],
      };
    case "test_prompt_with_image":
      return {
        messages: [
          { role: "user", content: { type: "image", data: PNG, mimeType: "image/png" } },
          { role: "user", content: text("Please analyze the image above.") },
        ],
      };
    default:
      throw new McpError(-32602, `Unknown prompt: ${request.params.name}`);
  }
}

// every connected session's server, to announce list changes on
const servers = new Set();

function newServer() {
  const server = new Server({ name: "toolgate-conformance-fixture", version: "1.0.0" }, {
    capabilities: {
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      completions: {},
    },
  });
  servers.add(server);
  server.onclose = () => servers.delete(server);
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => callTool(request, extra, server));
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: templates }));
  server.setRequestHandler(ReadResourceRequestSchema, (r) => ({ contents: [readResource(r.params.uri)] }));
  server.setRequestHandler(SubscribeRequestSchema, () => ({}));
  server.setRequestHandler(UnsubscribeRequestSchema, () => ({}));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts }));
  server.setRequestHandler(GetPromptRequestSchema, getPrompt);
  server.setRequestHandler(SetLevelRequestSchema, () => ({}));
  server.setRequestHandler(CompleteRequestSchema, (r) => {
    const value = String(r.params.argument?.value ?? "");
    const values = ["paris", "park", "party"].filter((v) => v.startsWith(value.toLowerCase()));
    return { completion: { values, total: values.length, hasMore: false } };
  });
  return server;
}

const transports = new Map();

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw ? JSON.parse(raw) : undefined;
}

http.createServer(async (req, res) => {
  try {
    const parsed = req.method === "POST" ? await body(req) : undefined;
    const sid = req.headers["mcp-session-id"];
    let transport = sid ? transports.get(sid) : undefined;
    if (!transport) {
      if (sid || parsed?.method !== "initialize") {
        res.writeHead(sid ? 404 : 400, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: sid ? "Session not found" : "No session" } }));
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
      await newServer().connect(transport);
    }
    await transport.handleRequest(req, res, parsed);
  } catch (e) {
    if (!res.headersSent) {
      res.writeHead(500, { "Content-Type": "application/json" });
    }
    res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32603, message: String(e) } }));
  }
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`conformance fixture on ${process.env.PORT}`));
