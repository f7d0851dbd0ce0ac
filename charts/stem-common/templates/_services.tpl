{{/*
Three Services: the headless one gives each replica a stable DNS name
(<pod>.<fullname>-headless), ready or not, and carries the metrics port; the "-ready"
headless one lets gRPC clients balance per call over the ready replicas only
(dns:///<fullname>-ready:<port> with the round_robin policy: a replica that replays the log
is not in it); the client Service is one stable address for clients that open a connection
per call or go through a proxy.
*/}}
{{- define "stem-common.services" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "stem-common.headlessName" . }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
    # What the ServiceMonitor selects: every replica's metrics port is on this Service.
    stem.vlaio.be/service: headless
spec:
  type: ClusterIP
  clusterIP: None
  # Replicas get their DNS names while they replay, before they are ready.
  publishNotReadyAddresses: true
  selector:
    {{- include "stem-common.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: {{ .Values.grpc.port }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
    {{- if .Values.metrics.enabled }}
    - name: metrics
      port: {{ .Values.metrics.port }}
      targetPort: metrics
      protocol: TCP
      appProtocol: http
    {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "stem-common.readyName" . }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
    stem.vlaio.be/service: ready
spec:
  type: ClusterIP
  clusterIP: None
  publishNotReadyAddresses: false
  selector:
    {{- include "stem-common.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: {{ .Values.grpc.port }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "stem-common.fullname" . }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
  {{- with .Values.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.service.type }}
  selector:
    {{- include "stem-common.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: {{ .Values.service.port }}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
{{- end -}}
