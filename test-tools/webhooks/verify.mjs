// Verifies webhook deliveries as a municipality's web team would: with the reference Standard Webhooks library.
// Input (argv[2]): a JSON file {"deliveries": [{"secret", "headers": {"webhook-id", ...}, "body"}]}.
// Output (stdout): {"vector": "<signature of the specification's test vector>", "results": [{"ok", "error"?, "type"?}]}
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

// The test vector published with the specification (and used by its own libraries' tests).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
};

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const vector = new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body);
const results = input.deliveries.map(({ secret, headers, body }) => {
  try {
    const payload = new Webhook(secret).verify(body, headers);
    return { ok: true, type: payload.type };
  } catch (e) {
    return { ok: false, error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify({ vector, results }));
