{{/*
stem-audit's own arguments (component.argsTemplate): the services it compares with, and the
credentials it presents to their ProjectionService - the probe certificate with mutual TLS
(its CN names an OPERATOR), otherwise the OPERATOR token of global.auth.bootstrapTokenKey.
*/}}
{{- define "stem-audit.args" -}}
{{- $endpoints := .Values.audit.projectionEndpoints -}}
{{- if not $endpoints -}}
{{- $endpoints = list -}}
{{- range .Values.audit.auditedServices -}}
{{- $endpoints = append $endpoints (printf "%s-%s:%v" $.Release.Name . $.Values.grpc.port) -}}
{{- end -}}
{{- end -}}
- --projection_endpoints={{ join "," $endpoints }}
{{- if .Values.global.tls.enabled }}
- --projection_tls_cert=/etc/stem/probe-tls/tls.crt
- --projection_tls_key=/etc/stem/probe-tls/tls.key
- --projection_tls_ca=/etc/stem/probe-tls/ca.crt
{{- else }}
- --projection_token_file=/etc/stem/secrets/{{ required "stem-audit without TLS needs global.auth.bootstrapTokenKey: the OPERATOR token it presents to the services" .Values.global.auth.bootstrapTokenKey }}
{{- end }}
{{- end -}}
