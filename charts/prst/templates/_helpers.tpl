{{/* Return the chart name. */}}
{{- define "prst.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Return the release-wide name prefix of every object. */}}
{{- define "prst.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Return the name of one component's objects: (dict "ctx" $ "component" "gateway"). */}}
{{- define "prst.componentName" -}}
{{- printf "%s-%s" (include "prst.fullname" .ctx) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Return the labels every object carries. */}}
{{- define "prst.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "prst.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: prst
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Return the labels that select every pod of the release (used by the default-deny policy). */}}
{{- define "prst.releaseSelector" -}}
app.kubernetes.io/name: {{ include "prst.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Return the selector labels of one component: (dict "ctx" $ "component" "gateway"). */}}
{{- define "prst.selectorLabels" -}}
{{ include "prst.releaseSelector" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Return the services: app name → values key. The one list every per-service template iterates. */}}
{{- define "prst.apps" -}}
gateway: gateway
prompt-executor: promptExecutor
credential-vault: credentialVault
feedback: feedback
audit-log: auditLog
support-notifier: supportNotifier
{{- end -}}

{{/* Return the image reference of the services. */}}
{{- define "prst.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Return the name of the Secret holding the installation secrets (ENCRYPTION_SECRET, JWT_SECRET, …). */}}
{{- define "prst.secretName" -}}
{{- default (include "prst.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Return the name of the Secret holding the services' NATS passwords. */}}
{{- define "prst.natsSecretName" -}}
{{- if .Values.nats.enabled -}}
{{- default (include "prst.componentName" (dict "ctx" . "component" "nats")) .Values.nats.auth.existingSecret -}}
{{- else -}}
{{- .Values.nats.external.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* Return the copies of each JetStream stream: 3 on the bundled cluster, as configured for an external NATS, else 1. */}}
{{- define "prst.jetstreamReplicas" -}}
{{- if .Values.nats.enabled -}}
{{- ternary 3 1 .Values.nats.cluster.enabled -}}
{{- else -}}
{{- .Values.nats.external.jetstreamReplicas -}}
{{- end -}}
{{- end -}}

{{/* Return the NATS URL the services connect to. */}}
{{- define "prst.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- printf "nats://%s:4222" (include "prst.componentName" (dict "ctx" . "component" "nats")) -}}
{{- else -}}
{{- .Values.nats.external.url -}}
{{- end -}}
{{- end -}}

{{/* Return the name of the Secret and the key that hold the database password, as "name key". */}}
{{- define "prst.databaseSecret" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "%s password" (default (include "prst.componentName" (dict "ctx" . "component" "postgresql")) .Values.postgresql.auth.existingSecret) -}}
{{- else if .Values.externalDatabase.existingSecret -}}
{{- printf "%s %s" .Values.externalDatabase.existingSecret .Values.externalDatabase.existingSecretPasswordKey -}}
{{- else -}}
{{- printf "%s password" (include "prst.componentName" (dict "ctx" . "component" "database")) -}}
{{- end -}}
{{- end -}}

{{/*
Return DATABASE_URL without the password. The password reaches the driver as PGPASSWORD (node-postgres
and libpq read it when the URL has none), so any character works without URL-encoding.
*/}}
{{- define "prst.databaseUrl" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "postgres://%s@%s:5432/%s?sslmode=disable" .Values.postgresql.auth.username (include "prst.componentName" (dict "ctx" . "component" "postgresql")) .Values.postgresql.auth.database -}}
{{- else -}}
{{- with .Values.externalDatabase -}}
{{- printf "postgres://%s@%s:%d/%s?sslmode=%s" (.user | urlquery) .host (int .port) .database .sslmode -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Return the env entries that connect a container to PostgreSQL. */}}
{{- define "prst.databaseEnv" -}}
{{- $secret := splitList " " (include "prst.databaseSecret" .) -}}
- name: DATABASE_URL
  value: {{ include "prst.databaseUrl" . | quote }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef: { name: {{ index $secret 0 }}, key: {{ index $secret 1 }} }
- name: DATABASE_POOL_SIZE
  value: {{ .Values.config.databasePoolSize | quote }}
{{- end -}}

{{/*
Return a base64 secret value that survives upgrades: the value given in values, else the one already
stored in the Secret (lookup), else `generated` (empty for optional keys).
Args: (dict "ctx" $ "secret" name "key" key "value" v "generated" random-or-empty).
*/}}
{{- define "prst.keptSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret -}}
{{- $stored := "" -}}
{{- if and $existing $existing.data -}}
{{- $stored = get $existing.data .key -}}
{{- end -}}
{{- if .value -}}
{{- .value | b64enc -}}
{{- else if $stored -}}
{{- $stored -}}
{{- else if .generated -}}
{{- .generated | b64enc -}}
{{- end -}}
{{- end -}}

{{/* Return the pod-level fields every pod of the release shares: no service-account token, pull secrets. */}}
{{- define "prst.podDefaults" -}}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Return topology spread constraints over zones and nodes for one component's pods. */}}
{{- define "prst.topologySpread" -}}
{{- if .ctx.Values.topologySpread }}
topologySpreadConstraints:
  {{- range list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
  - maxSkew: 1
    topologyKey: {{ . }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "prst.selectorLabels" $ | nindent 8 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Return a Kubernetes quantity (256Mi, 1Gi, 512M) as the byte count nats-server expects. */}}
{{- define "prst.nats.bytes" -}}
{{- $q := toString . -}}
{{- $units := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "K" 1000 "M" 1000000 "G" 1000000000 -}}
{{- $bytes := 0 -}}
{{- range $suffix, $factor := $units -}}
{{- if and (eq $bytes 0) (hasSuffix $suffix $q) (regexMatch "^[0-9]+$" (trimSuffix $suffix $q)) -}}
{{- $bytes = mul (atoi (trimSuffix $suffix $q)) $factor -}}
{{- end -}}
{{- end -}}
{{- if eq $bytes 0 -}}{{- $bytes = atoi $q -}}{{- end -}}
{{- $bytes -}}
{{- end -}}

{{/* Return a list of strings in nats-server config syntax: ["a", "b"] (toJson would escape ">"). */}}
{{- define "prst.nats.list" -}}
[{{ range $i, $item := . }}{{ if $i }}, {{ end }}{{ $item | quote }}{{ end }}]
{{- end -}}
