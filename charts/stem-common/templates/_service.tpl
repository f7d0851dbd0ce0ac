{{/*
Everything a service chart renders, with its values over stem-common.defaults: its only
template is
  {{ include "stem-common.service" . }}
*/}}
{{- define "stem-common.service" -}}
{{- $ctx := dict -}}
{{- include "stem-common.context" (dict "root" . "out" $ctx) -}}
{{- include "stem-common.validate" $ctx -}}
{{- $parts := list "stem-common.serviceaccount" "stem-common.services" "stem-common.certificate" "stem-common.statefulset" "stem-common.pdb" "stem-common.networkpolicy" "stem-common.autoscaling" "stem-common.servicemonitor" -}}
{{- range $parts }}
{{- $out := include . $ctx | trim }}
{{- if $out }}
---
{{ $out }}
{{- end }}
{{- end }}
{{- end -}}
