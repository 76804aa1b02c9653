"""The Kubernetes manifests and the container image definition, checked offline: every
manifest valid against the Kubernetes schemas (strict: no unknown field), kustomize names them
all, and the rules deploy/kubernetes/README.md promises hold (health probes a server accepts,
a non-root read-only pod, cookie affinity and long websocket timeouts, the image's lock-file
install, CJK fonts, database built at image build time, health check)."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.conftest import PROJECT

K8S = PROJECT / "deploy" / "kubernetes"
DOCKERFILE = PROJECT / "deploy" / "container" / "Dockerfile"
#: The oldest Kubernetes release the manifests are checked against.
KUBERNETES = "1.32"
MANIFESTS = sorted(K8S.glob("*.yaml"))


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _kind(kind: str) -> dict:
    (found,) = [d for p in MANIFESTS for d in _docs(p) if d.get("kind") == kind]
    return found


@pytest.mark.parametrize("path", [p for p in MANIFESTS if p.name != "kustomization.yaml"],
                         ids=lambda p: p.name)  # fmt: skip
def test_a_manifest_is_valid_against_the_kubernetes_schemas(path: Path) -> None:
    for doc in _docs(path):
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_kustomize_applies_every_manifest() -> None:
    (kustomization,) = _docs(K8S / "kustomization.yaml")
    named = set(kustomization["resources"])
    assert named == {p.name for p in MANIFESTS} - {"kustomization.yaml"}


def test_the_pods_are_probed_as_the_server_accepts_and_run_locked_down() -> None:
    deployment = _kind("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/_stcore/health"
        assert {"name": "Host", "value": "localhost"} in get["httpHeaders"]
    assert container["args"][0] == "serve"
    assert "--allowed-host" in container["args"]
    assert container["resources"]["requests"]["cpu"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_the_ingress_keeps_a_reader_on_one_pod_and_websockets_open() -> None:
    notes = _kind("Ingress")["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    hpa, pdb = _kind("HorizontalPodAutoscaler"), _kind("PodDisruptionBudget")
    assert hpa["spec"]["scaleTargetRef"]["name"] == _kind("Deployment")["metadata"]["name"]
    assert hpa["spec"]["minReplicas"] >= 2
    assert pdb["spec"]["minAvailable"] >= 1


def test_the_image_installs_from_the_lock_runs_unprivileged_and_holds_its_database() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2  # multi-stage
    assert "--require-hashes -r requirements.lock" in text
    assert "fonts-noto-cjk" in text
    assert "prepare_database" in text  # built when the image is built
    assert "HEALTHCHECK" in text
    assert "/_stcore/health" in text
    user = [line for line in text.splitlines() if line.startswith("USER ")]
    assert user
    assert not user[-1].split()[1].startswith("0")
    ignore = (DOCKERFILE.parent / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert "data/*.duckdb*" in ignore  # a stale local database never enters an image
