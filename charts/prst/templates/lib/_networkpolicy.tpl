{{/*
NetworkPolicy building blocks. templates/networkpolicy-default-deny.yaml denies every direction for every
pod of the release; the policies below only add what each component needs.
*/}}

{{/* Return an egress rule to the cluster DNS (UDP and TCP 53). */}}
{{- define "prst.np.dnsEgress" -}}
# DNS: name resolution through the cluster DNS only.
- to:
    - namespaceSelector:
        matchLabels:
          {{- toYaml .Values.networkPolicy.dns.namespaceSelector | nindent 10 }}
      podSelector:
        matchLabels:
          {{- toYaml .Values.networkPolicy.dns.podSelector | nindent 10 }}
  ports:
    - { port: 53, protocol: UDP }
    - { port: 53, protocol: TCP }
{{- end -}}

{{/* Return ipBlock peers from a list of CIDR strings or {cidr, except} objects. */}}
{{- define "prst.np.ipBlocks" -}}
{{- range . }}
{{- if kindIs "string" . }}
- ipBlock: { cidr: {{ . | quote }} }
{{- else }}
- ipBlock:
    cidr: {{ .cidr | quote }}
    {{- with .except }}
    except: {{ toJson . }}
    {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Return the egress rule to NATS: the bundled servers' pods, or the external servers' addresses. */}}
{{- define "prst.np.natsEgress" -}}
{{- if .Values.nats.enabled }}
# NATS: the bundled servers, client port only.
- to:
    - podSelector:
        matchLabels:
          {{- include "prst.selectorLabels" (dict "ctx" . "component" "nats") | nindent 10 }}
  ports:
    - { port: 4222, protocol: TCP }
{{- else if .Values.nats.external.cidrs }}
# NATS: the external servers listed in nats.external.cidrs.
- to:
    {{- include "prst.np.ipBlocks" .Values.nats.external.cidrs | nindent 4 }}
  ports:
    - { port: {{ .Values.nats.external.port }}, protocol: TCP }
{{- end }}
{{- end -}}

{{/* Return the egress rule to PostgreSQL: the bundled server's pod, or the external database's addresses. */}}
{{- define "prst.np.databaseEgress" -}}
{{- if .Values.postgresql.enabled }}
# PostgreSQL: the bundled server.
- to:
    - podSelector:
        matchLabels:
          {{- include "prst.selectorLabels" (dict "ctx" . "component" "postgresql") | nindent 10 }}
  ports:
    - { port: 5432, protocol: TCP }
{{- else if .Values.externalDatabase.cidrs }}
# PostgreSQL: the external database listed in externalDatabase.cidrs.
- to:
    {{- include "prst.np.ipBlocks" .Values.externalDatabase.cidrs | nindent 4 }}
  ports:
    - { port: {{ .Values.externalDatabase.port }}, protocol: TCP }
{{- end }}
{{- end -}}

{{/* Return NetworkPolicy peers from a list of {namespaceSelector, podSelector} maps of labels. */}}
{{- define "prst.np.labelPeers" -}}
{{- range . }}
- {{- with .namespaceSelector }}
  namespaceSelector:
    matchLabels:
      {{- toYaml . | nindent 6 }}
  {{- end }}
  {{- with .podSelector }}
  podSelector:
    matchLabels:
      {{- toYaml . | nindent 6 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Return a peer that matches the pods of the given components of this release: (dict "ctx" $ "components" list). */}}
{{- define "prst.np.componentsPeer" -}}
- podSelector:
    matchLabels:
      {{- include "prst.releaseSelector" .ctx | nindent 6 }}
    matchExpressions:
      - { key: app.kubernetes.io/component, operator: In, values: {{ toJson .components }} }
{{- end -}}

{{/* Return the NetworkPolicy of one service. */}}
{{- define "prst.service.networkpolicy" -}}
{{- $ := .ctx -}}
{{- if $.Values.networkPolicy.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "prst.componentName" (dict "ctx" $ "component" .component) }}
  labels:
    {{- include "prst.labels" $ | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  podSelector:
    matchLabels:
      {{- include "prst.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  {{- $gateway := and (eq .component "gateway") $.Values.networkPolicy.gatewayIngressFrom }}
  {{- $metrics := and $.Values.telemetry.metrics.enabled $.Values.networkPolicy.metricsIngressFrom }}
  {{- if or $gateway $metrics }}
  ingress:
    {{- if $gateway }}
    # The HTTP API, only from the namespaces/pods listed in networkPolicy.gatewayIngressFrom (the ingress controller).
    - from:
        {{- include "prst.np.labelPeers" $.Values.networkPolicy.gatewayIngressFrom | nindent 8 }}
      ports:
        - { port: 8080, protocol: TCP }
    {{- end }}
    {{- if $metrics }}
    # Prometheus metrics, only from the scrapers listed in networkPolicy.metricsIngressFrom.
    - from:
        {{- include "prst.np.labelPeers" $.Values.networkPolicy.metricsIngressFrom | nindent 8 }}
      ports:
        - { port: {{ $.Values.telemetry.metrics.port }}, protocol: TCP }
    {{- end }}
  {{- else }}
  # No ingress: this service is reached only through NATS (kubelet probes are not subject to policies).
  ingress: []
  {{- end }}
  egress:
    {{- include "prst.np.dnsEgress" $ | nindent 4 }}
    {{- include "prst.np.natsEgress" $ | nindent 4 }}
    {{- include "prst.np.databaseEgress" $ | nindent 4 }}
    {{- if eq $.Values.telemetry.traces.exporter "otlp" }}
    {{- with $.Values.telemetry.traces.collector }}
    # Traces: OTLP/HTTP to the in-cluster collector only.
    - to:
        - {{- with .namespaceSelector }}
          namespaceSelector:
            matchLabels:
              {{- toYaml . | nindent 14 }}
          {{- end }}
          podSelector:
            matchLabels:
              {{- toYaml .podSelector | nindent 14 }}
      ports:
        - { port: {{ .port }}, protocol: TCP }
    {{- end }}
    {{- end }}
    {{- if and (eq .component "prompt-executor") $.Values.providers.cidrs }}
    # AI providers: HTTPS to the address ranges listed in providers.cidrs, nothing else outside.
    - to:
        {{- include "prst.np.ipBlocks" $.Values.providers.cidrs | nindent 8 }}
      ports:
        - { port: 443, protocol: TCP }
    {{- end }}
    {{- if eq .component "prompt-executor" }}
    {{- range $.Values.providers.inCluster }}
    # An in-cluster model server listed in providers.inCluster.
    - to:
        - {{- with .namespaceSelector }}
          namespaceSelector:
            matchLabels:
              {{- toYaml . | nindent 14 }}
          {{- end }}
          podSelector:
            matchLabels:
              {{- toYaml .podSelector | nindent 14 }}
      ports:
        {{- range .ports }}
        - { port: {{ .port }}, protocol: {{ default "TCP" .protocol }} }
        {{- end }}
    {{- end }}
    {{- end }}
    {{- if and (eq .component "support-notifier") $.Values.support.enabled $.Values.support.cidrs }}
    # prst.ai support endpoint: HTTPS, only when support is enabled.
    - to:
        {{- include "prst.np.ipBlocks" $.Values.support.cidrs | nindent 8 }}
      ports:
        - { port: 443, protocol: TCP }
    {{- end }}
{{- end -}}
{{- end -}}

{{/*
Return a CiliumNetworkPolicy that lets one component reach host names on 443 (toFQDNs), when
networkPolicy.cilium.enabled: (dict "ctx" $ "component" name "fqdns" list). Cilium learns the
addresses from the DNS answers it proxies, so DNS to the cluster DNS is allowed with a dns rule.
*/}}
{{- define "prst.np.ciliumFqdnPolicy" -}}
{{- $ := .ctx -}}
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: {{ include "prst.componentName" (dict "ctx" $ "component" .component) }}-fqdn
  labels:
    {{- include "prst.labels" $ | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  endpointSelector:
    matchLabels:
      {{- include "prst.selectorLabels" . | nindent 6 }}
  egress:
    # DNS through the cluster DNS, inspected by Cilium so that the toFQDNs rule learns the addresses.
    - toEndpoints:
        - matchLabels:
            {{- range $key, $value := $.Values.networkPolicy.dns.namespaceSelector }}
            io.cilium.k8s.namespace.labels.{{ $key }}: {{ $value | quote }}
            {{- end }}
            {{- range $key, $value := $.Values.networkPolicy.dns.podSelector }}
            {{ $key }}: {{ $value | quote }}
            {{- end }}
      toPorts:
        - ports:
            - { port: "53", protocol: ANY }
          rules:
            dns:
              {{- range .fqdns }}
              - matchName: {{ . | quote }}
              {{- end }}
    # HTTPS to the listed host names only.
    - toFQDNs:
        {{- range .fqdns }}
        - matchName: {{ . | quote }}
        {{- end }}
      toPorts:
        - ports:
            - { port: "443", protocol: TCP }
{{- end -}}
