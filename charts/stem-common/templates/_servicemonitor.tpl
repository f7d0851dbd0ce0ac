{{/*
A prometheus-operator ServiceMonitor (values: metrics.serviceMonitor) that scrapes the
metrics port of every replica through the headless Service, ready or not: a replica that
replays the log reports its lag too.
*/}}
{{- define "stem-common.servicemonitor" -}}
{{- if and .Values.metrics.enabled .Values.metrics.serviceMonitor.enabled -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "stem-common.fullname" . }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
    {{- with .Values.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "stem-common.selectorLabels" . | nindent 6 }}
      stem.vlaio.be/service: headless
  endpoints:
    - port: metrics
      path: /metrics
      scheme: http
      interval: {{ .Values.metrics.serviceMonitor.interval }}
      scrapeTimeout: {{ .Values.metrics.serviceMonitor.scrapeTimeout }}
{{- end -}}
{{- end -}}
