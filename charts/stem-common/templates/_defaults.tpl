{{/*
The defaults of every value the templates here read, but for those that set one service
chart apart (component, image.repository and, in stem-subsidy, the Kafka autoscaling
trigger), which its own values.yaml holds. They are a template, not this chart's
values.yaml, because Helm hands a library chart's values to the chart that includes it
only under the key "stem-common", not under the keys the templates read (and a user could
then set a value in two places). stem-common.context lays them under the including
chart's values (its values.yaml, then the user's values files and --set), so that
whatever the user sets wins. The user-facing rule is in README.md.
*/}}
{{- define "stem-common.defaults" -}}
# Settings shared by the four services and stem-suite's topics job. Through the umbrella
# chart stem-suite its `global` block sets them once for all; a service chart installed
# alone reads the same keys from its own values.
global:
  image:
    # Registry prefixed to every image repository ("registry.example/stem"); empty: none.
    registry: ""
    # Image tag of every service; empty: the chart's appVersion. A service's image.tag wins.
    tag: ""
    # Names of image pull secrets in the release namespace.
    pullSecrets: []
  kafka:
    # Kafka bootstrap servers, host:port[,host:port...] (--kafka_bootstrap).
    bootstrapServers: "kafka:9092"
    # Prefix of every topic and consumer group name, one per deployment on a shared
    # cluster (--topic_prefix), e.g. "acc.": topics are "<prefix>stem.<context>.events".
    topicPrefix: ""
    # Partitions of each topic (--partitions). The topics job of stem-suite creates the
    # topics with this count; a service creates a missing topic with it too. It caps the
    # members of a consumer group that get work, so it caps Kafka-lag autoscaling.
    partitions: 6
    # Replication factor a service uses when it has to create a missing topic
    # (--replication_factor). In production the topics job creates them first.
    replicationFactor: 3
    # Prefix of each replica's --kafka_transactional_id, which is otherwise the pod name.
    # Transactional ids are cluster-wide: set it when two releases with the same release
    # name share one Kafka cluster (e.g. the namespace, "acc-").
    transactionalIdPrefix: ""
    # Extra librdkafka properties (--kafka_config), e.g. {client.rack: zone-a}. No value may
    # contain a comma. They win over the settings tls and sasl make. Never a password: the
    # pod spec shows them (the charts refuse sasl.password here; see sasl.secretName).
    config: {}
    tls:
      # Talk TLS to the brokers: sets security.protocol=SSL and ssl.ca.location.
      enabled: false
      # Secret with ca.crt (and tls.crt/tls.key with clientCertificate), mounted at
      # /etc/stem/kafka-tls.
      secretName: ""
      # Also present tls.crt/tls.key from that secret as the client certificate (mTLS).
      clientCertificate: false
    sasl:
      # SASL over TLS to the brokers: sets security.protocol=SASL_SSL, sasl.mechanisms and
      # sasl.username, and hands the password over in a file (--kafka_secret_config_file),
      # never on the command line. Needs tls.enabled (the brokers' CA): the charts refuse
      # SASL in clear.
      enabled: false
      # PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. The image's librdkafka (Debian 12's 2.0.2)
      # cannot log in with SCRAM to Kafka 4.x brokers (fixed in librdkafka 2.6.1,
      # confluentinc/librdkafka#4895): with those use PLAIN (over TLS, which works); SCRAM
      # works with Kafka 3.x brokers or a newer librdkafka.
      mechanism: PLAIN
      # The SASL user (sasl.username); not a secret: it is in --kafka_config.
      username: ""
      # Secret whose key holds librdkafka's secret properties, a `key=value` line each, e.g.
      # "sasl.password=<password>": the pods copy it owner-only into memory; a key in it may
      # not also be in `config`. The topics job of stem-suite logs in with its
      # sasl.password line too. E.g.
      #   kubectl create secret generic stem-kafka-sasl --from-file=kafka-secrets=<file>
      secretName: ""
      key: kafka-secrets
  tls:
    # Mutual TLS on the gRPC port (--tls_cert, --tls_key, --tls_client_ca). Callers are
    # then identified by their client certificate, whose common name is
    # "<ROLE>:<identity>" (e.g. "OFFICER:an.officer@vlaio.be"), and no token file is used.
    # The kubelet's native gRPC probes cannot speak TLS, so with TLS on the probes run the
    # image's grpc_health_probe over TLS instead (exec probes).
    # On by default: without TLS, tokens and facts cross the network in clear.
    enabled: true
    # Off only with this set too, and only behind something that encrypts (a service mesh):
    # the services then run with --insecure_plaintext_listen.
    insecurePlaintext: false
    # Secret with tls.crt and tls.key (the server certificate; its SANs must cover each
    # service's client Service name, e.g. <release>-recognition.<namespace>.svc through
    # stem-suite) and ca.crt (the CA of the client certificates), such as cert-manager
    # writes. Mounted at /etc/stem/tls.
    # Unused with certManager.enabled.
    secretName: "stem-grpc-tls"
    certManager:
      # Have cert-manager issue each service's server certificate, instead of secretName:
      # each service chart renders a cert-manager.io/v1 Certificate, secret
      # "<fullname>-tls" (tls.crt, tls.key, ca.crt), for its client and headless Services
      # (the short name, .<namespace>, .<namespace>.svc, .<namespace>.svc.<clusterDomain>),
      # with the usages server auth and client auth (the exec probes may present it). Its
      # ca.crt, the issuer's CA, is the CA of the callers' client certificates: use an
      # issuer that writes one (a CA issuer) and sign the client certificates with that CA.
      # A service reads its certificate at start: restart the StatefulSets after a renewal,
      # before the old certificate expires (kubectl rollout restart).
      enabled: false
      issuerRef:
        # The Issuer (in the release namespace) or ClusterIssuer; required when enabled.
        name: ""
        kind: Issuer
        group: cert-manager.io
      # Requested lifetime and renewal margin (Go durations, e.g. "2160h" and "720h");
      # empty: cert-manager's defaults (90 days, renewed when a third is left).
      duration: ""
      renewBefore: ""
      # The cluster's DNS domain, for the fully qualified Service names.
      clusterDomain: cluster.local
    probe:
      # Secret with tls.crt, tls.key (a client certificate the server's client CA signed,
      # e.g. CN "OPERATOR:probe") and ca.crt (the CA of the server certificate) for the
      # exec probes; empty: the server's own secret (its certificate must then also be
      # valid for client authentication).
      secretName: ""
      # Server name the probe verifies the server certificate against; empty: the probe,
      # which talks to its own pod over loopback, does not verify the server certificate.
      serverName: ""
  auth:
    # Without TLS: a secret holding the token file, lines of "<token> <ROLE> <identity>"
    # (--token_file). Required when global.tls.enabled is false.
    tokenSecret: "stem-tokens"
    # The key of the token file in that secret.
    tokenKey: tokens
    # Without TLS: the key, in the same secret, of a file holding one OPERATOR bearer token
    # (of the token file) that a new pod presents to its peers for a checkpoint
    # (checkpointBootstrap); empty: new pods replay the log. With TLS they present the
    # probe certificate (global.tls.probe.secretName, CN "OPERATOR:...").
    bootstrapTokenKey: ""
  # The facts' MAC keys (--fact_key_file; rulebook section 9): a secret holding lines of
  # "<key id> <hex key of at least 32 bytes>", the last one signing, shared by every service
  # and stem-audit. Rotate by adding a line. Required.
  factKeys:
    secretName: "stem-fact-keys"
    key: fact-keys
  referenceData:
    # ConfigMap with the reference data (flemish_municipalities_2019.csv,
    # flemish_municipalities_2025.csv, flemish_nis_2019_to_2025.csv,
    # flemish_school_calendar.csv), mounted at /etc/stem/reference-data (--shared_data):
    #   kubectl create configmap stem-reference-data --from-file=<shared/data>
    configMap: stem-reference-data

# Overrides of the chart name and of the release-qualified name of every object.
nameOverride: ""
fullnameOverride: ""

image:
  # repository: set by each service chart (deploy/docker/Dockerfile with SERVICE=<context>).
  # The image tag; empty: global.image.tag, then the chart's appVersion.
  tag: ""
  # Kubernetes' image pull policy.
  pullPolicy: IfNotPresent

# Replicas with autoscaling.mode none. Every replica keeps a full read model (it reads
# every partition), serves every command and query, and its commands are arbitrated by
# the log (docs/ARCHITECTURE.md, "Commands and concurrency"): two replicas survive one.
replicaCount: 2

grpc:
  # The container's gRPC port (--listen).
  port: 50051
  # The address the server binds (--listen); "[::]" for an IPv6 cluster.
  listenHost: "0.0.0.0"

metrics:
  # The Prometheus endpoint (GET /metrics, plain HTTP, --metrics_listen) on its own port:
  # RPCs by method and status code, their latency, projection lag, facts applied, build
  # (docs/OBSERVABILITY.md). Named "metrics" on the pods and the headless Service.
  enabled: true
  port: 9464
  serviceMonitor:
    # A prometheus-operator ServiceMonitor that scrapes every replica through the headless
    # Service (needs the monitoring.coreos.com CRDs in the cluster).
    enabled: false
    interval: 30s
    scrapeTimeout: 10s
    # Labels a Prometheus selects ServiceMonitors by (e.g. release: prometheus).
    labels: {}
  # With networkPolicy.enabled: who may scrape (NetworkPolicy peers); empty: any pod of the
  # cluster.
  scrapeFrom: []

service:
  # Type of the client Service (the headless Service is always ClusterIP/None).
  type: ClusterIP
  # Port of the client Service.
  port: 50051
  # Annotations of the client Service.
  annotations: {}

persistence:
  # Size of each replica's volume for its RocksDB store (data_dir). A new replica (a
  # fresh, empty volume) replays every topic it reads from the beginning of the log.
  size: 10Gi
  # Storage class of the volumes; empty: the cluster's default.
  storageClassName: ""
  # Access modes of the volumes.
  accessModes:
    - ReadWriteOnce
  retention:
    # Keep or delete the volumes when the StatefulSet is deleted (Retain | Delete).
    whenDeleted: Retain
    # Keep or delete a replica's volume when it is scaled away (Retain | Delete). Retain:
    # a replica that comes back resumes from its store instead of replaying everything.
    whenScaled: Retain

# CPU and memory of the container.
resources:
  requests:
    cpu: 250m
    memory: 512Mi
  limits:
    memory: 2Gi

# Probes of grpc.health.v1 for the whole server (service ""), which reports NOT_SERVING
# until every projection has caught up with the log, and again if a projection stops.
probes:
  # Allows failureThreshold x periodSeconds (here one hour) for the first replay of the log
  # into a fresh store; raise it for a long history. Liveness and readiness start after it.
  startup:
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 360
  # Takes the replica out of the Services while it is not caught up.
  readiness:
    periodSeconds: 5
    timeoutSeconds: 5
    failureThreshold: 2
  # Restarts a replica whose projection stopped (e.g. a fact of a newer schema version
  # than the image knows: deploy readers before writers) or that no longer answers.
  liveness:
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 6

podDisruptionBudget:
  # Create a PodDisruptionBudget.
  enabled: true
  # Replicas that a voluntary disruption (a node drain) may take down at once.
  maxUnavailable: 1

autoscaling:
  # none: replicaCount replicas; hpa: a HorizontalPodAutoscaler on CPU; keda: a KEDA
  # ScaledObject. A replica added by scaling out first replays the log (it is not ready
  # before), then takes its share of commands and queries (and, in stem-subsidy, of the
  # tranche processor's partitions); it does not speed up the full read model's
  # projection, which every replica runs over every partition.
  mode: none
  # Fewest replicas with hpa or keda (at least 1).
  minReplicas: 2
  # Most replicas with hpa or keda. With KEDA's Kafka trigger it may not exceed
  # global.kafka.partitions (members beyond it would get no partition).
  maxReplicas: 6
  # Seconds of lower recommendations before replicas are removed.
  scaleDownStabilizationSeconds: 600
  hpa:
    # Average CPU utilisation (percent of the request) the HPA keeps.
    targetCPUUtilizationPercentage: 70
  keda:
    # Seconds between KEDA's checks of the triggers.
    pollingInterval: 30
    # Seconds after the last active trigger before KEDA scales to minReplicas.
    cooldownPeriod: 300
    kafka:
      # KEDA's Kafka trigger on a consumer group's lag. Only stem-subsidy has a consumer
      # group (its tranche processor), and its chart turns this on; the other services read
      # every partition themselves (a full read model) and commit to no consumer group, so
      # they have no lag to scale on (the charts refuse the trigger without consumerGroup).
      enabled: false
      # The consumer group, without the topic prefix (which the chart adds).
      consumerGroup: ""
      # The context whose topic the group reads ("<prefix>stem.<context>.events"); empty:
      # the chart's own (component.context).
      topicContext: ""
      # Target lag per replica (KEDA lagThreshold).
      lagThreshold: 100
      # Lag above which the trigger counts as active (KEDA activationLagThreshold).
      activationLagThreshold: 10
      # Name of a KEDA TriggerAuthentication for the brokers (TLS/SASL); empty: none.
      authenticationRef: ""
    prometheus:
      # KEDA's Prometheus trigger on the suite's own metrics (docs/OBSERVABILITY.md): the
      # RPCs in flight over the service's replicas, averaged per replica. During an
      # application window a command mostly waits on Kafka (its transaction and read-back),
      # not on CPU, so in-flight calls rise well before CPU does. Needs the metrics scraped
      # (metrics.enabled, e.g. metrics.serviceMonitor) by the Prometheus at serverAddress.
      enabled: false
      # e.g. http://prometheus-operated.monitoring.svc:9090 (required when enabled).
      serverAddress: ""
      # In-flight RPCs per replica KEDA keeps (AverageValue), and above which it is active.
      threshold: 8
      activationThreshold: 2
      # PromQL returning one number; empty: the service's in-flight RPCs over its replicas
      # (job = the headless Service; the probes' health checks keep the series present).
      query: ""
    cpu:
      # KEDA's cpu trigger: a service's load is its commands and queries (and stem-subsidy's
      # reports). Beside another trigger KEDA follows the highest.
      enabled: true
      # Average CPU utilisation (percent of the request) KEDA keeps.
      utilization: 70

networkPolicy:
  # Create a NetworkPolicy for the replicas.
  enabled: true
  # Peers allowed to the gRPC port (NetworkPolicyPeer list); empty: every source.
  ingressFrom:
    - podSelector:
        matchLabels:
          stem-academies.vlaio.be/grpc-client: "true"
  kafka:
    # Ports of the Kafka brokers the replicas may reach.
    ports:
      - 9092
      - 9093
    # Peers (NetworkPolicyPeer list) the brokers are; empty: any address.
    to: []
  # More egress rules (NetworkPolicyEgressRule list), e.g. stem-audit's to the services.
  extraEgress: []

serviceAccount:
  # Create a service account (its token is never mounted).
  create: true
  # Its name; empty: the release-qualified name (or "default" when not created).
  name: ""
  # Annotations of the service account.
  annotations: {}

# Pod security: non-root (the image's user 10001), RuntimeDefault seccomp; fsGroup makes
# the volume writable.
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault

# Container security: read-only root file system (the store is on the volume, /tmp an
# emptyDir), no privilege escalation, no capabilities.
containerSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  allowPrivilegeEscalation: false
  privileged: false
  readOnlyRootFilesystem: true
  capabilities:
    drop:
      - ALL
  seccompProfile:
    type: RuntimeDefault

# Seconds a replica gets to stop after SIGTERM (it stops serving, then closes its log).
terminationGracePeriodSeconds: 30

topologySpread:
  # Spread the replicas over topologyKey (ScheduleAnyway).
  enabled: true
  # The node label to spread over.
  topologyKey: kubernetes.io/hostname

# Extra command-line flags of the service (e.g. "--clock_start=2019-01-07T09:00:00Z" for
# an acceptance environment on a manual clock; never in production).
# A pod whose volume holds no store yet (a new replica, a scale-out during an application
# window) asks a ready replica, through the Service (which routes to ready pods only), for
# a checkpoint of its store instead of replaying the whole log (--bootstrap_peers); it
# checks what it gets against the peer's checksum and replays when no peer gives one.
checkpointBootstrap:
  enabled: true
  # How long one peer may take to send its store (--bootstrap_timeout, a Go duration).
  timeout: 30m

extraArgs: []
# Extra environment variables of the container (EnvVar list).
extraEnv: []
# Labels and annotations added to the pods.
podLabels: {}
podAnnotations: {}
# Priority class of the pods; empty: none.
priorityClassName: ""
# Scheduling constraints of the pods.
nodeSelector: {}
tolerations: []
affinity: {}
{{- end -}}
