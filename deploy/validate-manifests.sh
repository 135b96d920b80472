#!/usr/bin/env bash
# Validates the Kubernetes manifests in deploy/kubernetes offline, as `kubectl apply -k` would apply them:
#   1. renders deploy/kubernetes/base and every overlay with kustomize (kubectl kustomize, kustomize v5),
#   2. checks every rendered object against JSON schemas (kubernetes-models from npm for Kubernetes and Prometheus
#      Operator kinds; the hand-written subsets in deploy/kubernetes/schemas for CloudNativePG Cluster and Pooler),
#   3. rejects unknown fields (tsc against the same packages' TypeScript declarations) and inconsistent references.
# Needs node/npm (installs pinned packages from the npm registry into a temporary directory) and a kubectl with
# kustomize v5 (on this project's machines: /usr/bin/kubectl from the image). No network is used while validating.
# Exit status: 0 when every object is valid, 1 otherwise.
#   deploy/validate-manifests.sh            # base + all overlays
#   deploy/validate-manifests.sh DIR...     # only these kustomization directories
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
k8s="$repo/deploy/kubernetes"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log() { printf '%s\n' "$*" >&2; }

# ---- node and the validation packages (pinned by package-lock.json) -------------------------------------------------
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "node/npm missing: installing Debian's nodejs and npm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
cp "$k8s/validation/package.json" "$k8s/validation/package-lock.json" "$k8s/validation/validate.mjs" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts >/dev/null 2>"$work/npm.log") || {
  cat "$work/npm.log" >&2; log "npm ci failed"; exit 1; }

# ---- a kustomize v5 renderer ------------------------------------------------------------------------------------------
render=""
if command -v kustomize >/dev/null && kustomize version 2>/dev/null | grep -Eq 'v([5-9]|[1-9][0-9])\.'; then
  render="kustomize build"; renderer="kustomize $(kustomize version 2>/dev/null | head -1)"
elif command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -Eq '^Kustomize Version: v([5-9]|[1-9][0-9])\.'; then
  render="kubectl kustomize"
  renderer="kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: //p'), kustomize $(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"
fi

if [ $# -gt 0 ]; then dirs=("$@"); else
  dirs=("$k8s/base")
  for d in "$k8s"/overlays/*/; do dirs+=("${d%/}"); done
fi

sets=()
if [ -n "$render" ]; then
  log "renderer: $renderer"
  for d in "${dirs[@]}"; do
    name=${d#"$k8s/"}
    out="$work/$(printf '%s' "$name" | tr '/' '_').yaml"
    if ! $render "$d" >"$out" 2>"$work/render.err"; then
      cat "$work/render.err" >&2; log "INVALID $name: kustomize cannot render it"; exit 1
    fi
    sets+=("$name=$out")
  done
else
  # Debian's only kubectl (kubernetes-client 1.20) carries kustomize v2.0.3, too old for these kustomizations.
  log "NOTE: no kubectl/kustomize with kustomize v5 on PATH: overlays are NOT rendered or validated; validating the"
  log "      base's plain resource files only (no generated ConfigMap, so reference checks may report it missing)."
  for f in "$k8s"/base/*.yaml "$k8s"/components/*/*.yaml; do
    case "$(basename "$f")" in kustomization.yaml) continue ;; esac
    sets+=("raw:${f#"$k8s/"}=$f")
  done
fi

node "$work/validate.mjs" "$k8s/schemas" "${sets[@]}"
