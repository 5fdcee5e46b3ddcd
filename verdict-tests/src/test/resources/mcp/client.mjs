// Connects the official MCP TypeScript SDK's client to a Verdict server over Streamable HTTP and
// runs a script of steps read as JSON from standard input:
//   {"url": "...", "token": "..." | null, "steps": [{"list": true} | {"call": "name", "arguments": {...}}]}
// It prints one JSON object: the server's identity, the negotiated protocol version and session,
// and each step's outcome. A call's result passes the SDK's own checks (its structured content
// against the tool's output schema) or its error is reported, never hidden.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const script = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const headers = script.token ? { Authorization: `Bearer ${script.token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(script.url), { requestInit: { headers } });
const client = new Client({ name: "verdict-tests", version: "1.0.0" });
const out = { steps: [] };
try {
  await client.connect(transport);
  out.server = client.getServerVersion();
  out.instructions = client.getInstructions();
  out.protocolVersion = transport.protocolVersion ?? null;
  out.sessionId = transport.sessionId ?? null;
  for (const step of script.steps) {
    try {
      if (step.list) {
        const tools = [];
        let cursor;
        do {
          const page = await client.listTools(cursor ? { cursor } : {});
          tools.push(...page.tools);
          cursor = page.nextCursor;
        } while (cursor);
        out.steps.push({ tools });
      } else {
        const result = await client.callTool({ name: step.call, arguments: step.arguments ?? {} });
        out.steps.push({ result });
      }
    } catch (e) {
      out.steps.push({ thrown: String(e && e.message ? e.message : e), code: e && e.code !== undefined ? e.code : null });
    }
  }
  await transport.terminateSession();
  await client.close();
} catch (e) {
  out.error = String(e && e.message ? e.message : e);
  out.code = e && e.code !== undefined ? e.code : null;
}
process.stdout.write(JSON.stringify(out));
