// What an integrator writes first with the generated types: it must compile against the committed contract.
import type { components, paths } from "./generated/samen";

type Project = components["schemas"]["Project"];
type CreateProject = paths["/tenants/{tenant}/projects"]["post"]["requestBody"];
type Problem = components["schemas"]["Problem"];

export async function createProject(base: string, token: string, tenant: string,
    body: NonNullable<CreateProject>["content"]["application/json"]): Promise<Project | Problem> {
  const response = await fetch(`${base}/api/v1/tenants/${encodeURIComponent(tenant)}/projects`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Project | Problem;
}
