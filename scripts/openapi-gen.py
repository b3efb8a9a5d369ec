import yaml, sys
P = "#/components/parameters/"
R = "#/components/responses/"
def op(method, path, summary, tag, opid, params=(), body=None, ok="200", ok_desc="OK", ok_schema=None, errors=("400","404"), content_type="application/json", public=False, ok_media=None):
    o = {"operationId": opid, "summary": summary, "tags": [tag]}
    ps = []
    for name in [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]:
        ps.append({"$ref": P + name})
    for q in params:
        ps.append(q)
    if ps: o["parameters"] = ps
    if body is not None:
        o["requestBody"] = body
    resp = {}
    media = ok_media or {content_type: {"schema": ok_schema or {"type": "object"}}}
    resp[ok] = {"description": ok_desc, "content": media}
    for e in errors:
        resp[e] = {"$ref": R + {"400":"BadRequest","404":"NotFound","409":"Conflict","422":"Invalid","429":"TooMany","503":"Busy","504":"Behind","401":"BadSignature","413":"TooLarge","415":"UnsupportedMedia"}[e]}
    # every route answers 429 past its client's rate limit (SYN_RATE_LIMIT); every route but the public ones needs a token
    if not public:
        resp["401"] = {"$ref": R + "Unauthorized"}
    if "429" not in resp:
        resp["429"] = {"$ref": R + "RateLimited"}
    o["responses"] = resp
    if public: o["security"] = []
    return method, path, o

def q(name, desc, typ="string"):
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": {"type": typ}}
after = q("after", "read-your-writes: wait (at most 10 s, or wait_ms) until the read model has applied this global position", "integer")
wait_ms = q("wait_ms", "with after: the longest wait in milliseconds, 0-10000 (default 10000)", "integer")
limit = q("limit", "page size, 1-500 (default 50)", "integer")
cursor = q("cursor", "the nextCursor of the previous page")
json_body = lambda desc, required=True: {"required": required, "content": {"application/json": {"schema": {"type": "object"}}}, "description": desc}
accepted = {"$ref": "#/components/schemas/Accepted"}
page = {"$ref": "#/components/schemas/Page"}

ops = [
 op("get","/api/health","Health of the server and its parts (degraded parts named)","server","health", ok_schema={"type":"object"}, errors=(), public=True),
 op("get","/api/openapi.yaml","This document","server","openapi", ok_media={"application/yaml": {"schema": {"type": "string"}}}, errors=(), public=True),
 op("get","/metrics","Operator metrics for Prometheus: text format 0.0.4, or OpenMetrics 1.0 when Accept names application/openmetrics-text (meters listed in docs/operations.md). Needs a token like every route when tokens are required","server","prometheusMetrics",
    ok_desc="every meter, in the format the Accept header chose", ok_media={"text/plain": {"schema": {"type": "string"}}, "application/openmetrics-text": {"schema": {"type": "string"}}}, errors=()),
 op("post","/api/workflows","Create a workflow from a YAML or JSON definition","workflows","createWorkflow",
    body={"required": True, "description": "a workflow definition (docs/workflows.md)", "content": {"application/yaml": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}},
    ok="201", ok_desc="created", ok_schema=accepted, errors=("409","422")),
 op("post","/api/workflows/validate","Validate a definition without creating it","workflows","validateWorkflow",
    body={"required": True, "description": "a workflow definition", "content": {"application/yaml": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}, ok_desc="{valid: true, id, phases} or {valid: false, problems: [{file, line, column, field, message, allowed}]}", errors=()),
 op("get","/api/workflows","List workflows","workflows","listWorkflows", params=(after, wait_ms, limit, cursor, q("name","name contains"), q("include_archived","true to list archived ones too","boolean")), ok_schema=page, errors=("400","504")),
 op("get","/api/workflows/{id}","Show a workflow","workflows","showWorkflow", params=(after, wait_ms,), errors=("404","504")),
 op("post","/api/workflows/{id}/runs","Run a workflow (task, inputs, repos)","workflows","runWorkflow", body=json_body("{task, inputs: {name: value}, repos: [url], execution_id?}"), ok="202", ok_desc="accepted (queued until a slot is free)", ok_schema=accepted, errors=("400","404","409","422")),
 op("patch","/api/workflows/{id}/phases/{phase}","Change a phase (prompt, model, timeoutSeconds, allowedTools)","workflows","updatePhase", body=json_body("fields to change"), ok="202", ok_schema=accepted, errors=("404","409","422")),
 op("post","/api/workflows/{id}/archive","Archive a workflow (refused while runs are unfinished)","workflows","archiveWorkflow", ok="202", ok_schema=accepted, errors=("404","409")),
 op("get","/api/executions","List executions","executions","listExecutions", params=(after, wait_ms, limit, cursor, q("status","NOT_STARTED (queued), RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED, INTERRUPTED"), q("workflow","workflow id")), ok_schema=page, errors=("400","504")),
 op("get","/api/executions/{id}","Show an execution with its phases (unique id prefixes accepted)","executions","showExecution", params=(after, wait_ms,), errors=("404","409","504")),
 op("get","/api/executions/{id}/control","Control state: status, pending pause, allowed actions","executions","executionControl", params=(after, wait_ms,), errors=("404","409","504")),
 op("get","/api/executions/{id}/stream","Live stream (SSE) of the execution's frames; resumes after Last-Event-ID","executions","streamExecution",
    params=({"name":"Last-Event-ID","in":"header","required":False,"description":"resume after this global position","schema":{"type":"integer"}}, q("last_event_id","resume after this global position","integer")),
    ok_media={"text/event-stream": {"schema": {"type": "string"}}}, errors=("404","409")),
 op("get","/api/activity/stream","Live stream (SSE) of every execution's frames, for dashboards","executions","streamActivity",
    params=({"name":"Last-Event-ID","in":"header","required":False,"description":"resume after this global position","schema":{"type":"integer"}}, q("last_event_id","resume after this global position","integer")),
    ok_media={"text/event-stream": {"schema": {"type": "string"}}}, errors=("400",)),
]
for verb, summ in [("pause","Pause at the next yield point"),("resume","Resume a paused execution"),("cancel","Cancel (the agents are stopped before this answers)"),("retry","Retry an interrupted execution from its last completed phase")]:
    ops.append(op("post","/api/executions/{id}/"+verb, summ, "control", verb+"Execution", body=json_body("{reason?}", False), ok="202", ok_schema=accepted, errors=("404","409")))
ops.append(op("post","/api/executions/{id}/phases/{phase}/approve","Approve an approval phase","control","approvePhase", body=json_body("{comment?}", False), ok="202", ok_schema=accepted, errors=("404","409")))
ops.append(op("post","/api/executions/{id}/phases/{phase}/reject","Reject an approval phase (fails the execution)","control","rejectPhase", body=json_body("{reason?}", False), ok="202", ok_schema=accepted, errors=("404","409")))
ops += [
 op("get","/api/artifacts","List artifacts","artifacts","listArtifacts", params=(after, wait_ms, limit, cursor, q("execution","execution id"), q("phase","phase id")), ok_schema=page, errors=("400","504")),
 op("post","/api/artifacts","Create an artifact (content as text or base64)","artifacts","createArtifact", body=json_body("{executionId, phaseId, type, contentType, title, content | contentBase64, primaryDeliverable?, derivedFrom?}"), ok="201", ok_schema=accepted, errors=("409","422")),
 op("get","/api/artifacts/{id}","Show an artifact's metadata","artifacts","showArtifact", params=(after, wait_ms,), errors=("404","409","504")),
 op("patch","/api/artifacts/{id}","Change an artifact's metadata","artifacts","updateArtifact", body=json_body("{title?, type?, primaryDeliverable?}"), ok="202", ok_schema=accepted, errors=("404","409","422")),
 op("delete","/api/artifacts/{id}","Delete an artifact (soft: it stays in history and lineage)","artifacts","deleteArtifact", body=json_body("{reason?}", False), ok="202", ok_schema=accepted, errors=("404","409")),
 op("get","/api/artifacts/{id}/content","The artifact's content","artifacts","artifactContent", params=(after, wait_ms,), ok_media={"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}, errors=("404","409","504")),
 op("get","/api/sessions","List agent sessions","sessions","listSessions", params=(after, wait_ms, limit, cursor, q("execution","execution id"), q("status","RUNNING, COMPLETED, FAILED, CANCELLED"), q("model","model")), ok_schema=page, errors=("400","504")),
 op("get","/api/sessions/{id}","Show a session","sessions","showSession", params=(after, wait_ms,), errors=("404","409","504")),
 op("get","/api/costs/executions/{id}","Tokens and cost of an execution","costs","executionCost", params=(after, wait_ms,), errors=("404","504")),
 op("get","/api/costs/executions/{id}/phases/{phase}","Tokens and cost of a phase","costs","phaseCost", params=(after, wait_ms,), errors=("404","504")),
 op("get","/api/costs/models","Tokens and cost per model","costs","modelCosts", params=(after, wait_ms,), errors=("400","504")),
 op("get","/api/metrics/dashboard","Dashboard totals","metrics","dashboard", params=(after, wait_ms,), errors=("400","504")),
 op("get","/api/metrics/workflows/{id}","Runs and per-phase metrics of a workflow","metrics","workflowMetrics", params=(after, wait_ms,), errors=("400","504")),
 op("get","/api/repos/health","Repository health (success rate, last run)","repos","repoHealth", params=(after, wait_ms, limit, cursor), ok_schema=page, errors=("400","504")),
 op("get","/api/repos/executions","Executions of a repository","repos","repoExecutions", params=(after, wait_ms, limit, cursor, {"name":"repo","in":"query","required":True,"description":"the repository","schema":{"type":"string"}}), ok_schema=page, errors=("400","504")),
 op("get","/api/organizations","List organizations","organization","listOrganizations", params=(after, wait_ms, limit, cursor, q("include_deleted","true to include deleted ones","boolean")), ok_schema=page, errors=("400","504")),
 op("post","/api/organizations","Create an organization","organization","createOrganization", body=json_body("{organizationId?, name}"), ok="201", ok_schema=accepted, errors=("409","422")),
 op("patch","/api/organizations/{id}","Rename an organization","organization","updateOrganization", body=json_body("{name}"), ok="202", ok_schema=accepted, errors=("404","409","422")),
 op("delete","/api/organizations/{id}","Delete an organization","organization","deleteOrganization", ok="202", ok_schema=accepted, errors=("404","409")),
 op("get","/api/systems","List systems","organization","listSystems", params=(after, wait_ms, limit, cursor, q("organization","organization id"), q("include_deleted","true to include deleted ones","boolean")), ok_schema=page, errors=("400","504")),
 op("post","/api/systems","Create a system","organization","createSystem", body=json_body("{systemId?, organizationId, name, description?}"), ok="201", ok_schema=accepted, errors=("409","422")),
 op("patch","/api/systems/{id}","Change a system","organization","updateSystem", body=json_body("{name?, description?}"), ok="202", ok_schema=accepted, errors=("404","409","422")),
 op("delete","/api/systems/{id}","Delete a system","organization","deleteSystem", ok="202", ok_schema=accepted, errors=("404","409")),
 op("put","/api/systems/{id}/repos/{repo}","Assign a repository to a system","organization","assignRepo", ok="202", ok_schema=accepted, errors=("404","409")),
 op("delete","/api/systems/{id}/repos/{repo}","Unassign a repository from a system","organization","unassignRepo", ok="202", ok_schema=accepted, errors=("404","409")),
 op("get","/api/repos","List repositories","organization","listRepos", params=(after, wait_ms, limit, cursor, q("organization","organization id"), q("system","system id"), q("include_deregistered","true to include deregistered ones","boolean")), ok_schema=page, errors=("400","504")),
 op("post","/api/repos","Register a repository","organization","registerRepo", body=json_body("{organizationId, provider, fullName, defaultBranch, installationId?, privateRepo}"), ok="201", ok_schema=accepted, errors=("409","422")),
 op("patch","/api/repos/{repo}","Change a repository","organization","updateRepo", body=json_body("{defaultBranch?, installationId?, privateRepo?}"), ok="202", ok_schema=accepted, errors=("404","409","422")),
 op("delete","/api/repos/{repo}","Deregister a repository","organization","deregisterRepo", ok="202", ok_schema=accepted, errors=("404","409")),
 op("get","/api/triggers","List trigger rules","triggers","listTriggers", params=(after, wait_ms, limit, cursor, q("repository","repository"), q("workflow","workflow id")), ok_schema=page, errors=("400","504")),
 op("get","/api/triggers/{id}","Show a trigger rule","triggers","showTrigger", params=(after, wait_ms,), errors=("404","504")),
 op("get","/api/triggers/{id}/history","What a trigger rule did","triggers","triggerHistory", params=(after, wait_ms, limit, cursor), ok_schema=page, errors=("400","504")),
 op("get","/api/trigger-presets","The ready-made trigger rules (self-healing CI, review fix, comment command)","triggers","triggerPresets", ok_desc="{items: [{preset, event, conditions, inputMapping, safety}]}", errors=()),
 op("post","/api/triggers","Register a trigger rule (from its fields, or from a preset)","triggers","registerTrigger", body=json_body("{triggerId?, name, repository, workflowId, preset? | event, conditions: [{field, operator, values}], inputMapping?, safety?: {maxAttemptsPerPr, dailyLimit, cooldownSeconds, debounceSeconds}}"), ok="201", ok_schema=accepted, errors=("400","409","422")),
 op("patch","/api/triggers/{id}","Change a trigger rule (its event and repository never change)","triggers","updateTrigger", body=json_body("{name?, workflowId?, conditions?, inputMapping?, safety?}"), ok="202", ok_schema=accepted, errors=("400","404","409","422")),
 op("post","/api/triggers/{id}/pause","Pause a trigger rule","triggers","pauseTrigger", body=json_body("{reason?}", required=False), ok="202", ok_schema=accepted, errors=("400","404","409")),
 op("post","/api/triggers/{id}/resume","Resume a paused trigger rule","triggers","resumeTrigger", ok="202", ok_schema=accepted, errors=("400","404","409")),
 op("delete","/api/triggers/{id}","Delete a trigger rule","triggers","deleteTrigger", ok="202", ok_schema=accepted, errors=("400","404","409")),
 op("post","/api/webhooks/github","GitHub webhook intake: signed deliveries (X-Hub-Signature-256) fire the matching trigger rules","triggers","githubWebhook", body=json_body("a GitHub webhook payload, with headers X-GitHub-Event and X-GitHub-Delivery"), ok="202", ok_desc="{deliveryId, event, repository, outcomes: [{triggerId, outcome: fired|blocked|not-matched|duplicate, executionId?, guard?, reason?}]} (a ping answers 200)", errors=("400","401","422","503"), public=True),
 op("get","/api/projections","Each read model's projection: state, position, lag behind the log, the error it is stuck on, a rebuild under way","projections","listProjections", ok_desc="{items: [{name, version, generation, state, position, headPosition, lag, lastError, consecutiveFailures, rebuildingGeneration, rebuildPosition}]}", errors=()),
 op("post","/api/projections/{name}/rebuild","Rebuild one projection from position 0 into new tables; queries answer from the current ones until it has caught up and is swapped in (asked again while it runs: the same rebuild)","projections","rebuildProjection", ok="202", ok_desc="{name, rebuildingGeneration, status}", errors=("404","409")),
 op("post","/api/tokens","Create an API token (its secret is in this answer only; only its hash is kept)","tokens","createToken", body=json_body("{name}"), ok="201", ok_desc="created: {id, name, createdAt, token}", errors=("400","422")),
 op("get","/api/tokens","List API tokens (never a secret)","tokens","listTokens", ok_desc="{items: [{id, name, createdAt, lastUsedAt, revokedAt}]}", errors=()),
 op("delete","/api/tokens/{id}","Revoke an API token (requests with it are refused from then on)","tokens","revokeToken", ok_desc="the revoked token", errors=("404",)),
 op("post","/api/telemetry/events","Ingest a batch of telemetry events (idempotent)","telemetry","ingestTelemetry", body=json_body("an array of events or {events: [...]}"), errors=("400","413","422","429","503")),
 op("post","/api/telemetry/hooks","Ingest a Claude Code hook payload","telemetry","ingestHook", body=json_body("a hook payload"), errors=("400","429","503")),
 op("post","/v1/logs","OTLP/HTTP JSON logs export (Claude Code's built-in telemetry; idempotent; per-record errors in rejected and partialSuccess)","telemetry","otlpLogs", params=(q("execution","execution id for records that name none"), q("phase","phase id for records that name none"), q("repo","repository for records that name none")), body={"required": True, "content": {"application/json": {"schema": {"type": "object", "description": "ExportLogsServiceRequest: {resourceLogs: [{resource, scopeLogs: [{scope, logRecords}]}]}; Content-Encoding gzip accepted; protobuf is answered 415"}}}}, ok_desc="{partialSuccess?: {rejectedLogRecords, errorMessage}, accepted, ids, rejected: [{index, path, reason, detail}]}", errors=("400","413","415","429","503")),
 op("post","/v1/metrics","OTLP/HTTP JSON metrics export (each data point one metric event; idempotent)","telemetry","otlpMetrics", params=(q("execution","execution id for data points that name none"), q("phase","phase id for data points that name none"), q("repo","repository for data points that name none")), body={"required": True, "content": {"application/json": {"schema": {"type": "object", "description": "ExportMetricsServiceRequest: {resourceMetrics: [{resource, scopeMetrics: [{scope, metrics}]}]}"}}}}, ok_desc="{partialSuccess?: {rejectedDataPoints, errorMessage}, accepted, ids, rejected: [{index, path, reason, detail}]}", errors=("400","413","415","429","503")),
 op("get","/api/telemetry/events","Recent telemetry events (filters, cursor pagination)","telemetry","recentTelemetry", params=(q("execution","execution id"), q("session","session id"), q("type","event type"), limit, cursor), errors=("400",)),
 op("get","/api/telemetry/sessions/{session}/tools","Tool timeline of a session","telemetry","toolTimeline", errors=()),
 op("get","/api/telemetry/costs","Tokens and cost by a dimension (session, execution, phase, model, tool, repo, day)","telemetry","telemetryCosts", params=(q("by","the dimension"), q("execution","execution id"), q("session","session id")), errors=("400",)),
]
paths = {}
for method, path, o in ops:
    paths.setdefault(path, {})[method] = o
params = {}
for name, desc in [("name","a projection's name (GET /api/projections lists them)"),("id","an id (for executions, sessions and artifacts a unique prefix is enough)"),("phase","a phase id"),("repo","a repository id (it holds slashes)"),("session","a session id")]:
    params[name] = {"name": name, "in": "path", "required": True, "description": desc, "schema": {"type": "string"}}
problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
responses = {k: {"description": d, "content": problem} for k, d in [
  ("BadRequest","a malformed request (bad JSON, a bad parameter)"),("NotFound","no such thing"),("Conflict","not allowed in the current state, or an ambiguous id prefix (the candidates are listed)"),
  ("Invalid","the input breaks a rule (the problem names the field)"),("TooMany","a full telemetry buffer, or this client over its rate limit (SYN_RATE_LIMIT): retry after Retry-After"),("Busy","busy: retry after Retry-After"),("Behind","the read model did not reach the requested position in time"),
  ("TooLarge","the request holds more than one request may carry (the detail gives the limit): split it"),("UnsupportedMedia","a Content-Type or Content-Encoding this route does not take (the problem says which it does)"),
  ("BadSignature","the delivery's X-Hub-Signature-256 is missing or does not match SYN_GITHUB_WEBHOOK_SECRET"),
  ("RateLimited","this client (its token, else its address) is over its rate limit (SYN_RATE_LIMIT): retry after Retry-After"),
  ("Unauthorized","no API token, an unknown one, or a revoked one (the detail says which); sent with WWW-Authenticate: Bearer")]}
for name, header in [("TooMany", "Retry-After"), ("Busy", "Retry-After"), ("RateLimited", "Retry-After"), ("Unauthorized", "WWW-Authenticate")]:
    responses[name]["headers"] = {header: {"description": "seconds to wait" if header == "Retry-After" else "the bearer challenge", "schema": {"type": "integer" if header == "Retry-After" else "string"}}}
doc = {
 "openapi": "3.1.0",
 "info": {"title": "Syntropic137 API", "version": "0.1.0", "description": "Runs AI coding agents as multi-phase workflows in isolated workspaces. Commands answer with the global position they wrote; pass it as `after` to a query to read your own writes. Errors are application/problem+json.", "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}},
 "servers": [{"url": "http://127.0.0.1:8137", "description": "the embedded default"}],
 "security": [{"token": []}],
 "tags": [{"name": t, "description": t} for t in ["server","workflows","executions","control","artifacts","sessions","costs","metrics","repos","organization","triggers","projections","telemetry","tokens"]],
 "paths": paths,
 "components": {
   "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "an API token (syn_…): `./syn token create --name NAME` on the server's machine, or POST /api/tokens. Required unless the server listens on loopback only with SYN_AUTH=off (its default there)"}},
   "parameters": params,
   "responses": responses,
   "schemas": {
     "Problem": {"type": "object", "required": ["type","title","status","detail"], "properties": {"type": {"type":"string","format":"uri"}, "title": {"type":"string"}, "status": {"type":"integer"}, "detail": {"type":"string"}, "problems": {"type":"array","items":{"type":"object"}}, "candidates": {"type":"array","items":{"type":"string"}}}},
     "Accepted": {"type": "object", "required": ["position"], "properties": {"id": {"type":"string"}, "execution_id": {"type":"string"}, "position": {"type":"integer", "description": "the global position of the last event written"}}},
     "Page": {"type": "object", "required": ["items"], "properties": {"items": {"type":"array","items":{"type":"object"}}, "nextCursor": {"type":["string","null"]}}},
   }
 }
}
class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True
sys.stdout.write("# The HTTP API of Syntropic137. Served at /api/openapi.yaml; ServerRoutesDocumentedTest checks that every route\n# the server registers is here, and `redocly lint` (scripts/setup-test-env installs it) checks the document.\n")
yaml.dump(doc, sys.stdout, Dumper=NoAliases, sort_keys=False, width=120)
