{{/*
Shared objects of the six services. Each component folder calls these with
(dict "ctx" $ "component" "<app name>"); the values of a service live under its key in prst.apps.
*/}}

{{/* Return the values of one service. */}}
{{- define "prst.service.values" -}}
{{- $key := get (include "prst.apps" .ctx | fromYaml) .component -}}
{{- toYaml (get .ctx.Values $key) -}}
{{- end -}}

{{/* Return the environment of one service: what its config/<app>-env.ts declares, nothing more. */}}
{{- define "prst.service.env" -}}
{{- $ := .ctx -}}
{{- $values := include "prst.service.values" . | fromYaml -}}
{{- $envName := .component | upper | replace "-" "_" -}}
- name: NATS_URL
  value: {{ include "prst.natsUrl" $ | quote }}
- name: NATS_USER
  value: {{ .component }}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ include "prst.natsSecretName" $ }}, key: {{ .component }} }
- name: NATS_REQUEST_TIMEOUT_MS
  value: {{ $.Values.config.natsRequestTimeoutMs | quote }}
- name: LOG_LEVEL
  value: {{ $.Values.config.logLevel | quote }}
- name: JETSTREAM_REPLICAS
  value: {{ include "prst.jetstreamReplicas" $ | quote }}
{{ include "prst.databaseEnv" $ }}
{{- with $.Values.telemetry }}
- name: METRICS_ENABLED
  value: {{ .metrics.enabled | quote }}
- name: METRICS_PORT
  value: {{ .metrics.port | quote }}
- name: METRICS_HOST
  value: "0.0.0.0"
- name: TRACES_EXPORTER
  value: {{ .traces.exporter | quote }}
- name: TRACES_INCLUDE_SENSITIVE
  value: {{ .traces.includeSensitive | quote }}
{{- if eq .traces.exporter "otlp" }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .traces.otlpEndpoint | quote }}
{{- end }}
{{- end }}
{{- if eq .component "gateway" }}
- name: PORT
  value: "8080"
- name: HOST
  value: "0.0.0.0"
- name: BODY_LIMIT_BYTES
  value: {{ $values.bodyLimitBytes | quote }}
- name: HEALTH_TIMEOUT_MS
  value: {{ $values.healthTimeoutMs | quote }}
- name: ROOT_EMAIL
  value: {{ $.Values.config.rootEmail | quote }}
- name: ROOT_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ include "prst.secretName" $ }}, key: ROOT_PASSWORD }
- name: JWT_SECRET
  valueFrom:
    secretKeyRef: { name: {{ include "prst.secretName" $ }}, key: JWT_SECRET }
{{- else }}
- name: PROBE_PORT
  value: {{ $.Values.probePort | quote }}
{{- end }}
{{- if eq .component "credential-vault" }}
- name: ENCRYPTION_SECRET
  valueFrom:
    secretKeyRef: { name: {{ include "prst.secretName" $ }}, key: ENCRYPTION_SECRET }
- name: ENCRYPTION_SECRET_PREVIOUS
  valueFrom:
    # Present only while rotating keys.
    secretKeyRef: { name: {{ include "prst.secretName" $ }}, key: ENCRYPTION_SECRET_PREVIOUS, optional: true }
{{- end }}
{{- if eq .component "audit-log" }}
- name: AUDIT_SIGNING_KEY
  valueFrom:
    secretKeyRef: { name: {{ include "prst.secretName" $ }}, key: AUDIT_SIGNING_KEY }
{{- end }}
{{- if and (eq .component "prompt-executor") $.Values.providers.allowedHosts }}
- name: PROVIDER_ALLOWED_HOSTS
  value: {{ join "," $.Values.providers.allowedHosts | quote }}
{{- end }}
{{- if eq .component "support-notifier" }}
- name: SUPPORT_ENABLED
  value: {{ $.Values.support.enabled | quote }}
- name: SUPPORT_API_URL
  value: {{ $.Values.support.apiUrl | quote }}
- name: ORGANIZATION
  value: {{ $.Values.config.organization | quote }}
- name: ROOT_EMAIL
  value: {{ $.Values.config.rootEmail | quote }}
- name: LICENSE_KEY
  valueFrom:
    secretKeyRef: { name: {{ include "prst.secretName" $ }}, key: LICENSE_KEY, optional: true }
{{- end }}
{{- range $name, $value := merge (dict) $values.extraEnv $.Values.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Return the Deployment of one service. */}}
{{- define "prst.service.deployment" -}}
{{- $ := .ctx -}}
{{- $values := include "prst.service.values" . | fromYaml -}}
{{- $name := include "prst.componentName" (dict "ctx" $ "component" .component) -}}
{{- $probePort := ternary "http" "probe" (eq .component "gateway") -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "prst.labels" $ | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not (and $values.autoscaling $values.autoscaling.enabled) }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "prst.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "prst.labels" $ | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
        {{- if $.Values.telemetry.metrics.enabled }}
        prst.ai/metrics: "true"
        {{- end }}
      annotations:
        # Restart the pods when a secret they read changes through the chart.
        checksum/secrets: {{ include (print $.Template.BasePath "/secrets.yaml") $ | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $name }}
      {{- include "prst.podDefaults" $ | nindent 6 }}
      securityContext:
        {{- toYaml $.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: 30
      containers:
        - name: {{ .component }}
          image: {{ include "prst.image" $ }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          args: ["apps/{{ .component }}/dist/src/main.js"]
          env:
            {{- include "prst.service.env" . | nindent 12 }}
          ports:
            {{- if eq .component "gateway" }}
            - { name: http, containerPort: 8080, protocol: TCP }
            {{- else }}
            - { name: probe, containerPort: {{ $.Values.probePort }}, protocol: TCP }
            {{- end }}
            {{- if $.Values.telemetry.metrics.enabled }}
            - { name: metrics, containerPort: {{ $.Values.telemetry.metrics.port }}, protocol: TCP }
            {{- end }}
          startupProbe:
            httpGet: { path: /healthz, port: {{ $probePort }} }
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: { path: /healthz, port: {{ $probePort }} }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /readyz, port: {{ $probePort }} }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; /tmp is the one writable place.
            - { name: tmp, mountPath: /tmp }
      volumes:
        - name: tmp
          emptyDir: { sizeLimit: 64Mi }
      {{- include "prst.topologySpread" . | nindent 6 }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/* Return the ServiceAccount of one service; the services never call the Kubernetes API, so no token is mounted. */}}
{{- define "prst.service.serviceaccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "prst.componentName" (dict "ctx" .ctx "component" .component) }}
  labels:
    {{- include "prst.labels" .ctx | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
automountServiceAccountToken: false
{{- end -}}

{{/* Return the PodDisruptionBudget of one service. */}}
{{- define "prst.service.pdb" -}}
{{- $values := include "prst.service.values" . | fromYaml -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "prst.componentName" (dict "ctx" .ctx "component" .component) }}
  labels:
    {{- include "prst.labels" .ctx | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  maxUnavailable: {{ $values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "prst.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* Return the HorizontalPodAutoscaler of one service, when enabled. */}}
{{- define "prst.service.hpa" -}}
{{- $values := include "prst.service.values" . | fromYaml -}}
{{- if $values.autoscaling.enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "prst.componentName" (dict "ctx" .ctx "component" .component) }}
  labels:
    {{- include "prst.labels" .ctx | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "prst.componentName" (dict "ctx" .ctx "component" .component) }}
  minReplicas: {{ $values.autoscaling.minReplicas }}
  maxReplicas: {{ $values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: { type: Utilization, averageUtilization: {{ $values.autoscaling.targetCPUUtilizationPercentage }} }
{{- end -}}
{{- end -}}
