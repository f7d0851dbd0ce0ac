#!/usr/bin/env python3
"""Validates rendered Kubernetes manifests offline, in strict mode.

Every document of every file given is checked
  - against the Kubernetes API schemas shipped by the PyPI package kubernetes-validate
    (strict: a field the API does not know is an error), for each --kubernetes-version;
  - for the custom resources the charts render, keda.sh/v1alpha1 ScaledObject and
    cert-manager.io/v1 Certificate and monitoring.coreos.com/v1 ServiceMonitor, against the
    local schemas in deploy/checks/schemas/
    (see its README for where they come from);
  - against the suite's own rules for its workloads: a restrictive security context
    (non-root, read-only root file system, no privilege escalation, ALL capabilities
    dropped, seccomp RuntimeDefault), and for the services' StatefulSets the three probes
    and a volume claim for the RocksDB stores.
A kind without a schema is an error, never a silent skip. Nothing is fetched.
"""

import argparse
import functools
import json
import pathlib
import sys

import jsonschema
import kubernetes_validate
import kubernetes_validate.utils as kv_utils
import yaml

SCHEMAS = pathlib.Path(__file__).resolve().parent / "schemas"
LOCAL_SCHEMAS = {
    ("keda.sh/v1alpha1", "ScaledObject"): SCHEMAS / "keda.sh" / "scaledobject_v1alpha1.json",
    ("cert-manager.io/v1", "Certificate"): SCHEMAS / "cert-manager.io" / "certificate_v1.json",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): SCHEMAS
    / "monitoring.coreos.com"
    / "servicemonitor_v1.json",
}

# kubernetes-validate reads and parses the (large) schema files for every resource; the
# same few files serve every resource here.
kv_utils.schema_contents = functools.lru_cache(maxsize=None)(kv_utils.schema_contents)


@functools.lru_cache(maxsize=None)
def local_validator(path):
    schema = json.loads(pathlib.Path(path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def pod_spec(resource):
    kind = resource.get("kind")
    spec = resource.get("spec") or {}
    if kind in ("StatefulSet", "Deployment", "DaemonSet", "Job"):
        return (spec.get("template") or {}).get("spec") or {}
    if kind == "CronJob":
        job = (spec.get("jobTemplate") or {}).get("spec") or {}
        return (job.get("template") or {}).get("spec") or {}
    if kind == "Pod":
        return spec
    return None


def policy_errors(resource):
    """The suite's rules that no schema states."""
    errors = []
    spec = pod_spec(resource)
    if spec is None:
        return errors
    pod_context = spec.get("securityContext") or {}
    if not pod_context.get("runAsNonRoot"):
        errors.append("pod securityContext.runAsNonRoot is not true")
    if (pod_context.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
        errors.append("pod securityContext.seccompProfile is not RuntimeDefault")
    if spec.get("automountServiceAccountToken") is not False:
        errors.append("automountServiceAccountToken is not false")
    init_names = {c.get("name") for c in spec.get("initContainers") or []}
    for container in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        name = container.get("name")
        # An init container runs to completion before the pod serves: Kubernetes refuses
        # probes on it.
        serves = name not in init_names
        context = container.get("securityContext") or {}
        if context.get("readOnlyRootFilesystem") is not True:
            errors.append(f"container {name}: readOnlyRootFilesystem is not true")
        if context.get("allowPrivilegeEscalation") is not False:
            errors.append(f"container {name}: allowPrivilegeEscalation is not false")
        if context.get("privileged"):
            errors.append(f"container {name}: privileged")
        if "ALL" not in ((context.get("capabilities") or {}).get("drop") or []):
            errors.append(f"container {name}: capabilities do not drop ALL")
        if (context.get("capabilities") or {}).get("add"):
            errors.append(f"container {name}: adds capabilities")
        if resource.get("kind") == "StatefulSet" and not serves:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe in container:
                    errors.append(f"init container {name}: has a {probe}")
        if resource.get("kind") == "StatefulSet" and serves:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe not in container:
                    errors.append(f"container {name}: no {probe}")
                elif not ({"grpc", "exec"} & set(container[probe])):
                    errors.append(f"container {name}: {probe} is neither gRPC nor exec")
        if resource.get("kind") == "StatefulSet":
            if "limits" not in (container.get("resources") or {}):
                errors.append(f"container {name}: no resource limits")
    if resource.get("kind") == "StatefulSet":
        claims = [c["metadata"]["name"] for c in resource["spec"].get("volumeClaimTemplates", [])]
        if "data" not in claims:
            errors.append("StatefulSet without the volume claim template `data` (RocksDB)")
    return errors


def validate(resource, versions):
    """Returns the errors of one resource (an empty list when valid)."""
    if not isinstance(resource, dict) or "apiVersion" not in resource or "kind" not in resource:
        return ["not a Kubernetes resource (apiVersion and kind are required)"]
    key = (resource["apiVersion"], resource["kind"])
    errors = []
    if key in LOCAL_SCHEMAS:
        validator = local_validator(str(LOCAL_SCHEMAS[key]))
        for error in sorted(validator.iter_errors(resource), key=lambda e: list(e.path)):
            path = ".".join(str(p) for p in error.absolute_path)
            errors.append(f"{path}: {error.message}")
    else:
        for version in versions:
            try:
                kubernetes_validate.validate(resource, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = ".".join(str(p) for p in error.path)
                errors.append(f"Kubernetes {version}: {path}: {error.message}")
            except kubernetes_validate.SchemaNotFoundError as error:
                # A custom resource, or a kind this Kubernetes version does not have.
                errors.append(f"Kubernetes {version}: {error.message}; a custom resource needs "
                              f"a schema under {SCHEMAS}")
    # One cause may break several subschemas with the same message.
    return list(dict.fromkeys(errors + policy_errors(resource)))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kubernetes-version", action="append", dest="versions",
                        help="validate against this Kubernetes version (repeatable)")
    parser.add_argument("files", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    versions = args.versions or ["1.30.0"]

    failed = 0
    checked = 0
    kinds = {}
    for path in args.files:
        with path.open() as stream:
            documents = [d for d in yaml.safe_load_all(stream) if d is not None]
        if not documents:
            print(f"ERROR {path}: no manifest")
            failed += 1
        for resource in documents:
            checked += 1
            name = f"{resource.get('kind', '?')}/{(resource.get('metadata') or {}).get('name', '?')}"
            kinds[resource.get("kind", "?")] = kinds.get(resource.get("kind", "?"), 0) + 1
            for error in validate(resource, versions):
                print(f"ERROR {path}: {name}: {error}")
                failed += 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    print(f"validate-manifests: {checked} manifests in {len(args.files)} files "
          f"(Kubernetes {', '.join(versions)}, strict): {summary}; {failed} errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
