{{/*
Lays .src over .dst (both maps), in place, as Helm lays a values file over a chart's
values.yaml: maps merge key by key, anything else replaces the default, null removes it.
Not sprig's mergeOverwrite: depending on the Helm version it keeps the default where the
user set false, 0, "" or [] (helm/helm#9591), yet networkPolicy.ingressFrom: [] must admit
every source and global.tls.secretName="" must be refused; and it keeps a null as a value
where Helm removes the key.
*/}}
{{- define "stem-common.overlay" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if kindIs "invalid" $value -}}
{{- $_ := unset $dst $key -}}
{{- else if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "stem-common.overlay" (dict "dst" (get $dst $key) "src" $value) -}}
{{- else -}}
{{- $_ := set $dst $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Fills .out with the render context of .root (a chart's top-level object) whose Values are
stem-common.defaults with the chart's values laid over them: what every entry point
(stem-common.service, stem-common.notes) renders with, so that the other templates read
complete values. With "globalOnly" true only the defaults of `global` (stem-suite, whose
other values are not a service's). A template cannot return a map, hence .out:
  {{- $ctx := dict -}}
  {{- include "stem-common.context" (dict "root" . "out" $ctx) -}}
*/}}
{{- define "stem-common.context" -}}
{{- range $key, $value := .root -}}
{{- $_ := set $.out $key $value -}}
{{- end -}}
{{- $values := include "stem-common.defaults" . | fromYaml -}}
{{- if get . "globalOnly" -}}
{{- $values = pick $values "global" -}}
{{- end -}}
{{- include "stem-common.overlay" (dict "dst" $values "src" .root.Values) -}}
{{- $_ := set .out "Values" $values -}}
{{- end -}}
