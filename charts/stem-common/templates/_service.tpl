{{/*
Everything a service chart renders: its only template is
  {{ include "stem-common.service" . }}
*/}}
{{- define "stem-common.service" -}}
{{- include "stem-common.validate" . -}}
{{- $parts := list "stem-common.serviceaccount" "stem-common.services" "stem-common.certificate" "stem-common.statefulset" "stem-common.pdb" "stem-common.networkpolicy" "stem-common.autoscaling" -}}
{{- range $parts }}
{{- $out := include . $ | trim }}
{{- if $out }}
---
{{ $out }}
{{- end }}
{{- end }}
{{- end -}}
