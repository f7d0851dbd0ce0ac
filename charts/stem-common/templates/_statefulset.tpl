{{/*
The service's StatefulSet. Each replica keeps its own RocksDB store on its own
PersistentVolumeClaim: a pod that gets a fresh (empty) volume replays every topic it reads
from the beginning of the log into it, and reports NOT_SERVING until it has caught up; a
pod that gets its old volume back resumes from the positions stored with its state.
*/}}
{{- define "stem-common.statefulset" -}}
{{- $fullname := include "stem-common.fullname" . -}}
{{- $kafka := .Values.global.kafka -}}
{{- $tls := .Values.global.tls -}}
{{- $tlsSecret := include "stem-common.tlsSecretName" . -}}
{{- $sasl := $kafka.sasl -}}
{{- $kafkaConfig := include "stem-common.kafkaConfig" . -}}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "stem-common.labels" . | nindent 4 }}
spec:
  serviceName: {{ include "stem-common.headlessName" . }}
  {{- if eq .Values.autoscaling.mode "none" }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  # Replicas replay independently: no need to start them one after the other.
  podManagementPolicy: Parallel
  updateStrategy:
    type: RollingUpdate
  # A volume outlives a scale-down, so a replica that comes back resumes from its store.
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: {{ .Values.persistence.retention.whenDeleted }}
    whenScaled: {{ .Values.persistence.retention.whenScaled }}
  selector:
    matchLabels:
      {{- include "stem-common.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "stem-common.labels" . | nindent 8 }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "stem-common.serviceAccountName" . }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      {{- with .Values.global.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .Values.topologySpread.enabled }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: {{ .Values.topologySpread.topologyKey }}
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "stem-common.selectorLabels" . | nindent 14 }}
      {{- end }}
      # The service refuses a secret file that others than its owner may read (a secret
      # volume gives its files to the pod's group): copy each owner-only into memory first.
      initContainers:
        - name: secret-files
          image: {{ include "stem-common.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            - /bin/sh
            - -ec
            - |
              /usr/bin/install --mode=0600 /etc/stem/fact-keys-secret/{{ .Values.global.factKeys.key }} /etc/stem/secrets/{{ .Values.global.factKeys.key }}
              {{- if not $tls.enabled }}
              /usr/bin/install --mode=0600 /etc/stem/auth-secret/{{ .Values.global.auth.tokenKey }} /etc/stem/secrets/{{ .Values.global.auth.tokenKey }}
              {{- with .Values.global.auth.bootstrapTokenKey }}
              /usr/bin/install --mode=0600 /etc/stem/auth-secret/{{ . }} /etc/stem/secrets/{{ . }}
              {{- end }}
              {{- end }}
              {{- if $sasl.enabled }}
              /usr/bin/install --mode=0600 /etc/stem/kafka-sasl-secret/{{ $sasl.key }} /etc/stem/secrets/{{ $sasl.key }}
              {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: fact-keys-secret
              mountPath: /etc/stem/fact-keys-secret
              readOnly: true
            {{- if not $tls.enabled }}
            - name: auth-secret
              mountPath: /etc/stem/auth-secret
              readOnly: true
            {{- end }}
            {{- if $sasl.enabled }}
            - name: kafka-sasl-secret
              mountPath: /etc/stem/kafka-sasl-secret
              readOnly: true
            {{- end }}
            - name: secrets
              mountPath: /etc/stem/secrets
      containers:
        - name: {{ .Values.component.context }}
          image: {{ include "stem-common.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            - /usr/local/bin/{{ .Values.component.executable }}
          args:
            - --log=kafka
            - --kafka_bootstrap={{ $kafka.bootstrapServers }}
            # Static membership and producer fencing: a restarted pod keeps its name.
            - --kafka_transactional_id={{ $kafka.transactionalIdPrefix }}$(POD_NAME)
            {{- if $kafkaConfig }}
            - --kafka_config={{ $kafkaConfig }}
            {{- end }}
            {{- if $sasl.enabled }}
            # The password is in no pod spec: the init container copied it owner-only.
            - --kafka_secret_config_file=/etc/stem/secrets/{{ $sasl.key }}
            {{- end }}
            - --partitions={{ $kafka.partitions }}
            - --replication_factor={{ $kafka.replicationFactor }}
            - --topic_prefix={{ $kafka.topicPrefix }}
            - --data_dir=/var/lib/stem
            - --listen={{ .Values.grpc.listenHost }}:{{ .Values.grpc.port }}
            {{- if .Values.metrics.enabled }}
            - --metrics_listen={{ .Values.grpc.listenHost }}:{{ .Values.metrics.port }}
            {{- end }}
            - --shared_data=/etc/stem/reference-data
            - --fact_key_file=/etc/stem/secrets/{{ .Values.global.factKeys.key }}
            {{- if $tls.enabled }}
            - --tls_cert=/etc/stem/tls/tls.crt
            - --tls_key=/etc/stem/tls/tls.key
            - --tls_client_ca=/etc/stem/tls/ca.crt
            {{- else }}
            - --insecure_plaintext_listen
            - --token_file=/etc/stem/secrets/{{ .Values.global.auth.tokenKey }}
            {{- end }}
            {{- $bootstrap := .Values.checkpointBootstrap }}
            {{- if and $bootstrap.enabled (or $tls.enabled .Values.global.auth.bootstrapTokenKey) }}
            # A new pod starts from a ready replica's checkpoint (values: checkpointBootstrap).
            - --bootstrap_peers={{ include "stem-common.fullname" . }}:{{ .Values.grpc.port }}
            - --bootstrap_timeout={{ $bootstrap.timeout }}
            {{- if $tls.enabled }}
            - --bootstrap_tls_cert=/etc/stem/probe-tls/tls.crt
            - --bootstrap_tls_key=/etc/stem/probe-tls/tls.key
            - --bootstrap_tls_ca=/etc/stem/probe-tls/ca.crt
            {{- else }}
            - --bootstrap_token_file=/etc/stem/secrets/{{ .Values.global.auth.bootstrapTokenKey }}
            {{- end }}
            {{- end }}
            {{- with .Values.component.argsTemplate }}
            # The component's own arguments (e.g. stem-audit's: the services it compares with).
            {{- include . $ | nindent 12 }}
            {{- end }}
            {{- range .Values.extraArgs }}
            - {{ . }}
            {{- end }}
          env:
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            {{- if $tls.enabled }}
            # Read by /usr/local/bin/stem-healthcheck (deploy/docker/healthcheck.sh).
            - name: STEM_HEALTH_ADDR
              value: 127.0.0.1:{{ .Values.grpc.port }}
            - name: STEM_HEALTH_TLS_DIR
              value: /etc/stem/probe-tls
            - name: STEM_HEALTH_TLS_SERVER_NAME
              value: {{ $tls.probe.serverName | quote }}
            {{- end }}
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: grpc
              containerPort: {{ .Values.grpc.port }}
              protocol: TCP
            {{- if .Values.metrics.enabled }}
            - name: metrics
              containerPort: {{ .Values.metrics.port }}
              protocol: TCP
            {{- end }}
          {{- $probes := .Values.probes }}
          {{- range $kind := list "startup" "readiness" "liveness" }}
          {{- $probe := get $probes $kind }}
          {{ $kind }}Probe:
            {{- if include "stem-common.nativeProbes" $ }}
            # Native gRPC probe of grpc.health.v1 for the whole server (service ""):
            # NOT_SERVING until every projection has caught up with the log.
            grpc:
              port: {{ $.Values.grpc.port }}
            {{- else }}
            # Kubelet's gRPC probe cannot speak TLS: with mutual TLS on, the image's
            # grpc_health_probe asks the same question over TLS with the probe certificate.
            exec:
              command:
                - /usr/local/bin/stem-healthcheck
            {{- end }}
            periodSeconds: {{ $probe.periodSeconds }}
            timeoutSeconds: {{ $probe.timeoutSeconds }}
            failureThreshold: {{ $probe.failureThreshold }}
            {{- if ne $kind "startup" }}
            successThreshold: 1
            {{- end }}
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /var/lib/stem
            - name: tmp
              mountPath: /tmp
            - name: reference-data
              mountPath: /etc/stem/reference-data
              readOnly: true
            {{- if $tls.enabled }}
            - name: tls
              mountPath: /etc/stem/tls
              readOnly: true
            - name: probe-tls
              mountPath: /etc/stem/probe-tls
              readOnly: true
            {{- end }}
            - name: secrets
              mountPath: /etc/stem/secrets
              readOnly: true
            {{- if $kafka.tls.enabled }}
            - name: kafka-tls
              mountPath: /etc/stem/kafka-tls
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        - name: reference-data
          configMap:
            name: {{ .Values.global.referenceData.configMap }}
        {{- if $tls.enabled }}
        - name: tls
          secret:
            secretName: {{ $tlsSecret }}
            defaultMode: 0440
        - name: probe-tls
          secret:
            secretName: {{ $tls.probe.secretName | default $tlsSecret }}
            defaultMode: 0440
        {{- else }}
        - name: auth-secret
          secret:
            secretName: {{ .Values.global.auth.tokenSecret }}
            defaultMode: 0440
        {{- end }}
        - name: fact-keys-secret
          secret:
            secretName: {{ .Values.global.factKeys.secretName }}
            defaultMode: 0440
        {{- if $sasl.enabled }}
        # Only that key: the secret may hold other credentials.
        - name: kafka-sasl-secret
          secret:
            secretName: {{ $sasl.secretName }}
            defaultMode: 0440
            items:
              - key: {{ $sasl.key }}
                path: {{ $sasl.key }}
        {{- end }}
        - name: secrets
          emptyDir:
            medium: Memory
            sizeLimit: 1Mi
        {{- if $kafka.tls.enabled }}
        - name: kafka-tls
          secret:
            secretName: {{ $kafka.tls.secretName }}
            defaultMode: 0440
        {{- end }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "stem-common.selectorLabels" . | nindent 10 }}
      spec:
        accessModes:
          {{- toYaml .Values.persistence.accessModes | nindent 10 }}
        {{- with .Values.persistence.storageClassName }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .Values.persistence.size }}
{{- end -}}
