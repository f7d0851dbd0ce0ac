{{/*
The service's server certificate for mutual TLS on the gRPC port, issued by cert-manager
when global.tls.certManager.enabled; the StatefulSet then mounts its secret
(stem-common.tlsSecretName) instead of global.tls.secretName. A service reads its
certificate at start only, so a renewed one serves from the next restart of each replica.
*/}}
{{- define "stem-common.certificate" -}}
{{- $tls := .Values.global.tls -}}
{{- if and $tls.enabled $tls.certManager.enabled -}}
{{- $certManager := $tls.certManager -}}
{{- $fullname := include "stem-common.fullname" . -}}
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
spec:
  secretName: {{ include "stem-common.tlsSecretName" . }}
  # For issuers that want a subject. Without "<ROLE>:" it names no caller, should the
  # probes present this certificate as their client certificate.
  commonName: {{ $fullname }}
  # Every name a client may dial: the client Service, and the headless ones that clients
  # balancing per call (dns:///<fullname>-ready, formerly -headless) verify.
  dnsNames:
    {{- range $service := list $fullname (include "stem-common.readyName" .) (include "stem-common.headlessName" .) }}
    - {{ $service }}
    - {{ $service }}.{{ $.Release.Namespace }}
    - {{ $service }}.{{ $.Release.Namespace }}.svc
    - {{ $service }}.{{ $.Release.Namespace }}.svc.{{ $certManager.clusterDomain }}
    {{- end }}
  usages:
    - digital signature
    - key encipherment
    - server auth
    # The exec probes present this certificate when global.tls.probe.secretName is empty.
    - client auth
  privateKey:
    # A new key with every renewal (cert-manager's default only since 1.18).
    rotationPolicy: Always
  {{- with $certManager.duration }}
  duration: {{ . | quote }}
  {{- end }}
  {{- with $certManager.renewBefore }}
  renewBefore: {{ . | quote }}
  {{- end }}
  issuerRef:
    name: {{ $certManager.issuerRef.name }}
    kind: {{ $certManager.issuerRef.kind }}
    group: {{ $certManager.issuerRef.group }}
{{- end -}}
{{- end -}}
