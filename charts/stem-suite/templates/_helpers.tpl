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
{{- include "stem-suite.validateKafkaSasl" . -}}
{{- end -}}

{{/*
The topics job's checks of global.kafka.sasl: those of stem-common.validateKafkaSasl, with
the same messages, since the job renders even with every service disabled (and then no
service checks them).
*/}}
{{- define "stem-suite.validateKafkaSasl" -}}
{{- $kafka := .Values.global.kafka -}}
{{- $sasl := $kafka.sasl -}}
{{- if and .Values.topics.create $sasl.enabled -}}
{{- if not $kafka.tls.enabled -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.tls.enabled: no SASL in clear (SASL_PLAINTEXT would send the password, or its proof, and every fact unencrypted)" -}}
{{- end -}}
{{- if not (has $sasl.mechanism (list "PLAIN" "SCRAM-SHA-256" "SCRAM-SHA-512")) -}}
{{- fail (printf "global.kafka.sasl.mechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not %q" $sasl.mechanism) -}}
{{- end -}}
{{- if not $sasl.username -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.sasl.username" -}}
{{- end -}}
{{- if not $sasl.secretName -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.sasl.secretName (a secret whose key global.kafka.sasl.key holds \"sasl.password=<password>\")" -}}
{{- end -}}
{{- if not $sasl.key -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.sasl.key" -}}
{{- end -}}
{{- end -}}
{{- end -}}
