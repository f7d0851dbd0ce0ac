{{/* The topics job's name: "<release>-topics". */}}
{{- define "stem-suite.topicsJobName" -}}
{{- printf "%s-topics" (.Release.Name | trunc 56 | trimSuffix "-") -}}
{{- end -}}

{{- define "stem-suite.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: stem-suite
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The topics, one per bounded context (libs/service/topics.cc). */}}
{{- define "stem-suite.topics" -}}
{{- $prefix := .Values.global.kafka.topicPrefix -}}
{{- $topics := list -}}
{{- range list "recognition" "activity" "partnership" "subsidy" -}}
{{- $topics = append $topics (printf "%sstem.%s.events" $prefix .) -}}
{{- end -}}
{{- join " " $topics -}}
{{- end -}}

{{- define "stem-suite.validate" -}}
{{- $t := .Values.topics -}}
{{- if gt (int $t.minInsyncReplicas) (int $t.replicationFactor) -}}
{{- fail "topics.minInsyncReplicas cannot exceed topics.replicationFactor" -}}
{{- end -}}
{{- if hasKey $t "retentionMs" -}}
{{- fail "topics.retentionMs is gone: every topic keeps every fact forever (rulebook section 9)" -}}
{{- end -}}
{{- if and .Values.factKeys.create (not .Values.factKeys.content) -}}
{{- fail "factKeys.create needs factKeys.content" -}}
{{- end -}}
{{- if and .Values.tokens.create (not .Values.tokens.content) -}}
{{- fail "tokens.create needs tokens.content" -}}
{{- end -}}
{{- if and .Values.referenceData.create (not .Values.referenceData.files) -}}
{{- fail "referenceData.create needs referenceData.files" -}}
{{- end -}}
{{- end -}}
