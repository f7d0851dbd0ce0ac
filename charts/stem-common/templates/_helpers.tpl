{{/*
Names, labels and the values every service chart shares.

Shared settings live under `global` (kafka, tls, auth, referenceData, image), so that the
umbrella chart stem-suite sets them once for the four services; a service chart installed
on its own reads the same keys from its own values.yaml.
*/}}

{{/* The chart's name (the alias in the umbrella chart: recognition, activity, ...). */}}
{{- define "stem-common.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release-qualified name of the StatefulSet and its Services. At most 52 characters, so
that "<name>-headless" and the StatefulSet's controller-revision-hash label stay within 63.
*/}}
{{- define "stem-common.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "stem-common.headlessName" -}}
{{- printf "%s-headless" (include "stem-common.fullname" .) -}}
{{- end -}}

{{/* The headless Service of the ready replicas only, for clients balancing per call. */}}
{{- define "stem-common.readyName" -}}
{{- printf "%s-ready" (include "stem-common.fullname" .) -}}
{{- end -}}

{{- define "stem-common.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "stem-common.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stem-common.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "stem-common.labels" -}}
helm.sh/chart: {{ include "stem-common.chart" . }}
{{ include "stem-common.selectorLabels" . }}
app.kubernetes.io/component: {{ .Values.component.context }}
app.kubernetes.io/part-of: stem-suite
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "stem-common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "stem-common.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* registry/repository:tag, the tag defaulting to global.image.tag, then appVersion. */}}
{{- define "stem-common.image" -}}
{{- $registry := .Values.global.image.registry -}}
{{- $tag := .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* A topic's full name: "<prefix>stem.<context>.events" (libs/service/topics.cc). */}}
{{- define "stem-common.topic" -}}
{{- printf "%sstem.%s.events" .root.Values.global.kafka.topicPrefix .context -}}
{{- end -}}

{{/*
The librdkafka properties handed to --kafka_config: with global.kafka.tls.enabled the
SSL settings for the mounted secret, with global.kafka.sasl.enabled the SASL ones but the
password (which --kafka_secret_config_file reads from the secret, so that it is in no pod
spec), then global.kafka.config (which wins).
*/}}
{{- define "stem-common.kafkaConfig" -}}
{{- $kafka := .Values.global.kafka -}}
{{- $sasl := $kafka.sasl -}}
{{- $props := dict -}}
{{- if $kafka.tls.enabled -}}
{{- $_ := set $props "security.protocol" "SSL" -}}
{{- $_ := set $props "ssl.ca.location" "/etc/stem/kafka-tls/ca.crt" -}}
{{- if $kafka.tls.clientCertificate -}}
{{- $_ := set $props "ssl.certificate.location" "/etc/stem/kafka-tls/tls.crt" -}}
{{- $_ := set $props "ssl.key.location" "/etc/stem/kafka-tls/tls.key" -}}
{{- end -}}
{{- end -}}
{{- if $sasl.enabled -}}
{{- include "stem-common.validateKafkaSasl" . -}}
{{- $_ := set $props "security.protocol" "SASL_SSL" -}}
{{- $_ := set $props "sasl.mechanisms" $sasl.mechanism -}}
{{- $_ := set $props "sasl.username" $sasl.username -}}
{{- end -}}
{{- if hasKey ($kafka.config | default dict) "sasl.password" -}}
{{- fail "global.kafka.config.sasl.password would put the password in the pod spec: set global.kafka.sasl (the password in a secret, read through --kafka_secret_config_file)" -}}
{{- end -}}
{{- $props = mergeOverwrite $props ($kafka.config | default dict) -}}
{{- $pairs := list -}}
{{- range $key := keys $props | sortAlpha -}}
{{- $value := toString (get $props $key) -}}
{{- if or (contains "," $value) (contains "," $key) -}}
{{- fail (printf "global.kafka.config.%s: --kafka_config splits on commas, so a value cannot hold one" $key) -}}
{{- end -}}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/*
Checks of global.kafka.sasl (enabled). The same messages as the topics job's checks in
stem-suite, which may render without any service.
*/}}
{{- define "stem-common.validateKafkaSasl" -}}
{{- $kafka := .Values.global.kafka -}}
{{- $sasl := $kafka.sasl -}}
{{- if not $kafka.tls.enabled -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.tls.enabled: no SASL in clear (SASL_PLAINTEXT would send the password, or its proof, and every fact unencrypted)" -}}
{{- end -}}
{{- if not (has $sasl.mechanism (list "PLAIN" "SCRAM-SHA-256" "SCRAM-SHA-512")) -}}
{{- fail (printf "global.kafka.sasl.mechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not %q" $sasl.mechanism) -}}
{{- end -}}
{{- if not $sasl.username -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.sasl.username" -}}
{{- end -}}
{{- if contains "," $sasl.username -}}
{{- fail "global.kafka.sasl.username: --kafka_config splits on commas, so it cannot hold one" -}}
{{- end -}}
{{- if not $sasl.secretName -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.sasl.secretName (a secret whose key global.kafka.sasl.key holds \"sasl.password=<password>\")" -}}
{{- end -}}
{{- if not $sasl.key -}}
{{- fail "global.kafka.sasl.enabled needs global.kafka.sasl.key" -}}
{{- end -}}
{{- end -}}

{{/*
The secret with the server certificate: the one cert-manager writes for this service's
Certificate (stem-common.certificate), or global.tls.secretName.
*/}}
{{- define "stem-common.tlsSecretName" -}}
{{- if .Values.global.tls.certManager.enabled -}}
{{- printf "%s-tls" (include "stem-common.fullname" .) -}}
{{- else -}}
{{- .Values.global.tls.secretName -}}
{{- end -}}
{{- end -}}

{{/* Whether the native gRPC probes can be used: kubelet's gRPC probe speaks plaintext only. */}}
{{- define "stem-common.nativeProbes" -}}
{{- if not .Values.global.tls.enabled -}}true{{- end -}}
{{- end -}}

{{/* Checks of the values that no schema catches; `fail` stops helm lint and template. */}}
{{- define "stem-common.validate" -}}
{{- $mode := .Values.autoscaling.mode -}}
{{- if not (has $mode (list "none" "hpa" "keda")) -}}
{{- fail (printf "autoscaling.mode is none, hpa or keda, not %q" $mode) -}}
{{- end -}}
{{- $partitions := int .Values.global.kafka.partitions -}}
{{- if lt $partitions 1 -}}
{{- fail "global.kafka.partitions must be at least 1" -}}
{{- end -}}
{{- if not .Values.global.kafka.bootstrapServers -}}
{{- fail "global.kafka.bootstrapServers is required" -}}
{{- end -}}
{{- if ne $mode "none" -}}
{{- $min := int .Values.autoscaling.minReplicas -}}
{{- $max := int .Values.autoscaling.maxReplicas -}}
{{- if lt $min 1 -}}
{{- fail "autoscaling.minReplicas must be at least 1: a service with no replica answers no query" -}}
{{- end -}}
{{- if lt $max $min -}}
{{- fail "autoscaling.maxReplicas must not be below autoscaling.minReplicas" -}}
{{- end -}}
{{- if and (eq $mode "keda") .Values.autoscaling.keda.kafka.enabled -}}
{{- if not .Values.autoscaling.keda.kafka.consumerGroup -}}
{{- fail (printf "autoscaling.keda.kafka.enabled needs autoscaling.keda.kafka.consumerGroup: stem-%s reads every partition itself and commits to no consumer group, so there is no lag to scale on (see docs/DEPLOYMENT.md)" .Values.component.context) -}}
{{- end -}}
{{- if gt $max $partitions -}}
{{- fail (printf "autoscaling.maxReplicas (%d) exceeds global.kafka.partitions (%d): consumer-group members beyond the partition count get no partition" $max $partitions) -}}
{{- end -}}
{{- end -}}
{{- $prometheus := .Values.autoscaling.keda.prometheus -}}
{{- if and (eq $mode "keda") $prometheus.enabled -}}
{{- if not $prometheus.serverAddress -}}
{{- fail "autoscaling.keda.prometheus.enabled needs autoscaling.keda.prometheus.serverAddress, the Prometheus that scrapes the metrics (e.g. http://prometheus-operated.monitoring.svc:9090)" -}}
{{- end -}}
{{- if not .Values.metrics.enabled -}}
{{- fail "autoscaling.keda.prometheus.enabled needs metrics.enabled: the trigger reads the service's own metrics" -}}
{{- end -}}
{{- end -}}
{{- if and (eq $mode "keda") (not .Values.autoscaling.keda.kafka.enabled) (not .Values.autoscaling.keda.cpu.enabled) (not $prometheus.enabled) -}}
{{- fail "autoscaling.mode keda needs a trigger: autoscaling.keda.kafka.enabled, autoscaling.keda.prometheus.enabled or autoscaling.keda.cpu.enabled" -}}
{{- end -}}
{{- end -}}
{{- $certManager := .Values.global.tls.certManager -}}
{{- if and $certManager.enabled (not .Values.global.tls.enabled) -}}
{{- fail "global.tls.certManager.enabled needs global.tls.enabled: the certificate is for mutual TLS on the gRPC port" -}}
{{- end -}}
{{- if .Values.global.tls.enabled -}}
{{- if $certManager.enabled -}}
{{- if not $certManager.issuerRef.name -}}
{{- fail "global.tls.certManager.enabled needs global.tls.certManager.issuerRef.name (an Issuer or ClusterIssuer whose CA also signs the callers' client certificates)" -}}
{{- end -}}
{{- else if not .Values.global.tls.secretName -}}
{{- fail "global.tls.enabled needs global.tls.secretName (a secret with tls.crt, tls.key and ca.crt) or global.tls.certManager.enabled" -}}
{{- end -}}
{{- else if not .Values.global.tls.insecurePlaintext -}}
{{- fail "global.tls.enabled is false: tokens and facts would cross the network in clear; enable TLS, or set global.tls.insecurePlaintext=true behind a service mesh that encrypts" -}}
{{- else if not .Values.global.auth.tokenSecret -}}
{{- fail "callers must be identified: set global.tls.enabled (mutual TLS) or global.auth.tokenSecret (a token file)" -}}
{{- end -}}
{{- if and .Values.global.kafka.tls.enabled (not .Values.global.kafka.tls.secretName) -}}
{{- fail "global.kafka.tls.enabled needs global.kafka.tls.secretName" -}}
{{- end -}}
{{- $sasl := .Values.global.kafka.sasl -}}
{{- if $sasl.enabled -}}
{{- /* The rest of global.kafka.sasl is checked where it is used (stem-common.kafkaConfig). */ -}}
{{- $taken := list .Values.global.factKeys.key -}}
{{- if not .Values.global.tls.enabled -}}
{{- $taken = append $taken .Values.global.auth.tokenKey -}}
{{- with .Values.global.auth.bootstrapTokenKey -}}
{{- $taken = append $taken . -}}
{{- end -}}
{{- end -}}
{{- if has $sasl.key $taken -}}
{{- fail (printf "global.kafka.sasl.key %q is the name of another secret file in /etc/stem/secrets: choose another" $sasl.key) -}}
{{- end -}}
{{- if and (eq $mode "keda") .Values.autoscaling.keda.kafka.enabled (not .Values.autoscaling.keda.kafka.authenticationRef) -}}
{{- fail "KEDA's Kafka trigger with global.kafka.sasl needs autoscaling.keda.kafka.authenticationRef: a TriggerAuthentication with the SASL username and password (and the brokers' CA)" -}}
{{- end -}}
{{- end -}}
{{- if not .Values.global.referenceData.configMap -}}
{{- fail "global.referenceData.configMap is required: the municipality and school-calendar CSV files" -}}
{{- end -}}
{{- end -}}
