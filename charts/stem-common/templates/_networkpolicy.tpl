{{/*
Ingress: the gRPC port, from the peers in networkPolicy.ingressFrom (kubelet probes are not
subject to NetworkPolicy), and the metrics port from metrics.scrapeFrom. Egress: DNS, and the Kafka brokers' ports (to the peers
in networkPolicy.kafka.to, or anywhere when that list is empty, since the brokers may
live outside the cluster), and networkPolicy.extraEgress. The services never call each other:
facts flow through Kafka; stem-audit calls the services' ProjectionService (its extraEgress).
*/}}
{{- define "stem-common.networkpolicy" -}}
{{- if .Values.networkPolicy.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "stem-common.fullname" . }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "stem-common.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - ports:
        - port: grpc
          protocol: TCP
      {{- with .Values.networkPolicy.ingressFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- if .Values.metrics.enabled }}
    - ports:
        - port: metrics
          protocol: TCP
      {{- with .Values.metrics.scrapeFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    - ports:
        {{- range .Values.networkPolicy.kafka.ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with .Values.networkPolicy.kafka.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- with .Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
