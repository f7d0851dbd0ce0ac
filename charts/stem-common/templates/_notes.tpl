{{/*
A service chart's NOTES.txt, with its values over stem-common.defaults: the chart's
NOTES.txt is
  {{ include "stem-common.notes" . }}
*/}}
{{- define "stem-common.notes" -}}
{{- $ctx := dict -}}
{{- include "stem-common.context" (dict "root" . "out" $ctx) -}}
{{- with $ctx }}
{{- $fullname := include "stem-common.fullname" . -}}
stem-{{ .Values.component.context }} is deployed as the StatefulSet {{ $fullname }} in {{ .Release.Namespace }}.

Each replica replays the log into its own RocksDB volume and reports NOT_SERVING (not
ready) until it has caught up; watch it with

  kubectl -n {{ .Release.Namespace }} rollout status statefulset/{{ $fullname }}

gRPC: {{ $fullname }}.{{ .Release.Namespace }}.svc:{{ .Values.service.port }} (one address), or
dns:///{{ include "stem-common.readyName" . }}.{{ .Release.Namespace }}.svc:{{ .Values.grpc.port }} with the
round_robin policy to spread calls over every ready replica (a replica still reading the log
refuses queries with UNAVAILABLE / REPLICA_CATCHING_UP; a command's answer carries a
stem-consistency-token that a query on another replica may send back to read its effect).
{{- if .Values.global.tls.enabled }}
Mutual TLS is on: callers present a client certificate whose CN is "<ROLE>:<identity>".
{{- else }}
Callers present a bearer token from the token file in the secret {{ .Values.global.auth.tokenSecret }}.
{{- end }}
{{- if and .Values.networkPolicy.enabled .Values.networkPolicy.ingressFrom }}
The NetworkPolicy admits gRPC callers per networkPolicy.ingressFrom (by default pods
labelled stem-academies.vlaio.be/grpc-client=true).
{{- end }}

Kafka: {{ .Values.global.kafka.bootstrapServers }}, topic prefix "{{ .Values.global.kafka.topicPrefix }}", transactional id = pod name.
Autoscaling: {{ .Values.autoscaling.mode }}{{ if ne .Values.autoscaling.mode "none" }} ({{ .Values.autoscaling.minReplicas }}-{{ .Values.autoscaling.maxReplicas }} replicas){{ end }}.
{{- if and (eq .Values.autoscaling.mode "keda") .Values.autoscaling.keda.kafka.enabled }}
KEDA follows the lag of the consumer group {{ .Values.global.kafka.topicPrefix }}{{ .Values.autoscaling.keda.kafka.consumerGroup }} on {{ include "stem-common.kedaTopic" . }},
at most {{ .Values.global.kafka.partitions }} replicas (the partition count).
{{- end }}
{{- end }}
{{- end -}}
