// Starts @modelcontextprotocol/server-everything bound to loopback only, on the port in $PORT, with the transport named
// by the first argument: streamableHttp (the default) or sse (the legacy HTTP+SSE transport: GET /sse, POST /message).
// The server itself listens on every interface; tests must not, so listen() is pinned to 127.0.0.1 here.
import http from "node:http";

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === "number" || typeof port === "string") {
    const callback = rest.find((a) => typeof a === "function");
    return listen.call(this, Number(port), "127.0.0.1", callback);
  }
  return listen.call(this, port, ...rest);
};
process.argv = [process.argv[0], "mcp-server-everything", process.argv[2] ?? "streamableHttp"];
await import("./node_modules/@modelcontextprotocol/server-everything/dist/index.js");
