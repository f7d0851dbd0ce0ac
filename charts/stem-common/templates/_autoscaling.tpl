{{/*
autoscaling.mode:
  none  replicaCount replicas;
  hpa   a HorizontalPodAutoscaler on CPU utilisation (commands and queries cost CPU);
  keda  a KEDA ScaledObject: the Kafka trigger on the lag of the service's consumer group
        (only a service that reads in a consumer group has one: stem-subsidy's tranche
        processor), the Prometheus trigger on the RPCs in flight (recognition and
        activity, where application windows land), and/or KEDA's cpu trigger.
With hpa or keda the StatefulSet has no replicas field, so an upgrade never resets what the
autoscaler chose.
*/}}
{{- define "stem-common.autoscaling" -}}
{{- $fullname := include "stem-common.fullname" . -}}
{{- $as := .Values.autoscaling -}}
{{- if eq $as.mode "hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: {{ $fullname }}
  minReplicas: {{ $as.minReplicas }}
  maxReplicas: {{ $as.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $as.hpa.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # A replica that goes away takes its caught-up read model with it; do not flap.
      stabilizationWindowSeconds: {{ $as.scaleDownStabilizationSeconds }}
{{- else if eq $as.mode "keda" -}}
{{- $keda := $as.keda -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: {{ $fullname }}
  pollingInterval: {{ $keda.pollingInterval }}
  cooldownPeriod: {{ $keda.cooldownPeriod }}
  minReplicaCount: {{ $as.minReplicas }}
  maxReplicaCount: {{ $as.maxReplicas }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown:
          stabilizationWindowSeconds: {{ $as.scaleDownStabilizationSeconds }}
  triggers:
    {{- if $keda.kafka.enabled }}
    - type: kafka
      metadata:
        bootstrapServers: {{ .Values.global.kafka.bootstrapServers | quote }}
        consumerGroup: {{ printf "%s%s" .Values.global.kafka.topicPrefix $keda.kafka.consumerGroup | quote }}
        topic: {{ include "stem-common.kedaTopic" . | quote }}
        lagThreshold: {{ $keda.kafka.lagThreshold | toString | quote }}
        activationLagThreshold: {{ $keda.kafka.activationLagThreshold | toString | quote }}
        # A member that has not committed yet counts its whole partition as lag.
        offsetResetPolicy: earliest
        # Never more members than partitions: the surplus would get no partition.
        allowIdleConsumers: "false"
        {{- if .Values.global.kafka.tls.enabled }}
        tls: enable
        {{- end }}
        {{- if .Values.global.kafka.sasl.enabled }}
        # KEDA's names of the mechanisms; the username and password come from the
        # TriggerAuthentication (authenticationRef), which the chart then requires.
        sasl: {{ get (dict "PLAIN" "plaintext" "SCRAM-SHA-256" "scram_sha256" "SCRAM-SHA-512" "scram_sha512") .Values.global.kafka.sasl.mechanism }}
        {{- end }}
      {{- with $keda.kafka.authenticationRef }}
      authenticationRef:
        name: {{ . }}
      {{- end }}
    {{- end }}
    {{- if $keda.prometheus.enabled }}
    - type: prometheus
      metricType: AverageValue
      metadata:
        serverAddress: {{ $keda.prometheus.serverAddress | quote }}
        query: {{ include "stem-common.kedaPrometheusQuery" . | quote }}
        threshold: {{ $keda.prometheus.threshold | toString | quote }}
        activationThreshold: {{ $keda.prometheus.activationThreshold | toString | quote }}
        # No series (Prometheus lost the targets) is an error, not "no load".
        ignoreNullValues: "false"
    {{- end }}
    {{- if $keda.cpu.enabled }}
    - type: cpu
      metricType: Utilization
      metadata:
        value: {{ $keda.cpu.utilization | toString | quote }}
    {{- end }}
{{- end -}}
{{- end -}}

{{/* The PromQL of KEDA's Prometheus trigger: the query given, or the service's RPCs in flight. */}}
{{- define "stem-common.kedaPrometheusQuery" -}}
{{- if .Values.autoscaling.keda.prometheus.query -}}
{{- .Values.autoscaling.keda.prometheus.query -}}
{{- else -}}
{{- printf "sum(stem_rpc_in_flight{namespace=\"%s\",job=\"%s\"})" .Release.Namespace (include "stem-common.headlessName" .) -}}
{{- end -}}
{{- end -}}

{{/* The topic KEDA's Kafka trigger reads: topicContext's, by default the chart's own. */}}
{{- define "stem-common.kedaTopic" -}}
{{- $context := .Values.autoscaling.keda.kafka.topicContext | default .Values.component.context -}}
{{- include "stem-common.topic" (dict "root" . "context" $context) -}}
{{- end -}}
