{{/*
At most maxUnavailable replicas go down at once for a voluntary disruption (a node drain).
Replicas that are not ready (still replaying the log) may always be evicted, so that a
replica stuck in its replay never blocks a drain.
*/}}
{{- define "stem-common.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "stem-common.fullname" . }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "stem-common.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}
