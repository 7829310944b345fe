{{/* Return nothing, or fail rendering with one message that lists every inconsistent setting. */}}
{{- define "prst.validateValues" -}}
{{- $problems := list -}}
{{- $v := .Values -}}
{{- if $v.support.enabled -}}
  {{- if and (not $v.secrets.licenseKey) (not $v.secrets.existingSecret) -}}
    {{- $problems = append $problems "support.enabled requires secrets.licenseKey (or LICENSE_KEY in secrets.existingSecret)" -}}
  {{- end -}}
  {{- if not $v.config.organization -}}
    {{- $problems = append $problems "support.enabled requires config.organization" -}}
  {{- end -}}
  {{- if and $v.networkPolicy.enabled (not $v.support.cidrs) (not $v.networkPolicy.cilium.enabled) -}}
    {{- $problems = append $problems "support.enabled needs support.cidrs (or networkPolicy.cilium.enabled with support.fqdns): the NetworkPolicy would block prst.ai" -}}
  {{- end -}}
{{- end -}}
{{- if not $v.postgresql.enabled -}}
  {{- if not $v.externalDatabase.host -}}
    {{- $problems = append $problems "postgresql.enabled=false requires externalDatabase.host" -}}
  {{- end -}}
  {{- if and (not $v.externalDatabase.password) (not $v.externalDatabase.existingSecret) -}}
    {{- $problems = append $problems "postgresql.enabled=false requires externalDatabase.password or externalDatabase.existingSecret" -}}
  {{- end -}}
  {{- if and $v.networkPolicy.enabled (not $v.externalDatabase.cidrs) -}}
    {{- $problems = append $problems "postgresql.enabled=false with networkPolicy.enabled requires externalDatabase.cidrs (the database's addresses)" -}}
  {{- end -}}
{{- end -}}
{{- if not $v.nats.enabled -}}
  {{- if not $v.nats.external.url -}}
    {{- $problems = append $problems "nats.enabled=false requires nats.external.url" -}}
  {{- end -}}
  {{- if not $v.nats.external.existingSecret -}}
    {{- $problems = append $problems "nats.enabled=false requires nats.external.existingSecret (one password per service)" -}}
  {{- end -}}
  {{- if and $v.networkPolicy.enabled (not $v.nats.external.cidrs) -}}
    {{- $problems = append $problems "nats.enabled=false with networkPolicy.enabled requires nats.external.cidrs (the servers' addresses)" -}}
  {{- end -}}
{{- end -}}
{{- if and $v.nats.enabled $v.nats.cluster.enabled (or (lt (int $v.nats.cluster.replicas) 3) (eq (mod (int $v.nats.cluster.replicas) 2) 0)) -}}
  {{- $problems = append $problems (printf "nats.cluster.replicas must be odd and at least 3 for a JetStream quorum (got %d)" (int $v.nats.cluster.replicas)) -}}
{{- end -}}
{{- range $key := list "gateway" "promptExecutor" -}}
  {{- $a := (get $v $key).autoscaling -}}
  {{- if and $a.enabled (gt (int $a.minReplicas) (int $a.maxReplicas)) -}}
    {{- $problems = append $problems (printf "%s.autoscaling.minReplicas (%d) is above maxReplicas (%d)" $key (int $a.minReplicas) (int $a.maxReplicas)) -}}
  {{- end -}}
{{- end -}}
{{- range $i, $peer := $v.networkPolicy.gatewayIngressFrom -}}
  {{- if and (not $peer.namespaceSelector) (not $peer.podSelector) -}}
    {{- $problems = append $problems (printf "networkPolicy.gatewayIngressFrom[%d] needs a namespaceSelector or a podSelector (an empty peer would admit everybody)" $i) -}}
  {{- end -}}
{{- end -}}
{{- if and (eq $v.telemetry.traces.exporter "otlp") (not $v.telemetry.traces.otlpEndpoint) -}}
  {{- $problems = append $problems "telemetry.traces.exporter=otlp requires telemetry.traces.otlpEndpoint (an in-cluster collector)" -}}
{{- end -}}
{{- range $i, $peer := $v.networkPolicy.metricsIngressFrom -}}
  {{- if and (not $peer.namespaceSelector) (not $peer.podSelector) -}}
    {{- $problems = append $problems (printf "networkPolicy.metricsIngressFrom[%d] needs a namespaceSelector or a podSelector (an empty peer would admit everybody)" $i) -}}
  {{- end -}}
{{- end -}}
{{- if $problems -}}
  {{- fail (printf "\n\nInvalid values for the prst chart:\n  - %s\n" (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}
