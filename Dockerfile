# syntax=docker/dockerfile:1
# One image for the six services; each Kubernetes Deployment runs its own entry:
#   apps/<service>/dist/src/main.js      the service
#   apps/<service>/dist/src/migrate.js   its migrations only (the chart's hook Job)
# Runs as a non-root user on a read-only root filesystem (only /tmp is writable, an emptyDir in the chart).
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: compile every service with the dev toolchain -----------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npx tsc -b libs/contracts libs/config libs/telemetry libs/messaging libs/persistence \
      apps/gateway apps/prompt-executor apps/credential-vault apps/feedback apps/audit-log apps/support-notifier \
 # keep only what runs: package.json and compiled output of the libraries and services, no tests
 && mkdir -p /out \
 && cp package.json package-lock.json /out/ \
 && for project in libs/contracts libs/config libs/telemetry libs/messaging libs/persistence apps/*; do \
      mkdir -p "/out/$project" && cp -r "$project/package.json" "$project/dist" "/out/$project/"; \
      rm -rf "/out/$project/dist/test"; \
    done \
 && find /out -name '*.spec.js' -o -name '*.spec.js.map' -o -name '*.spec.d.ts' -o -name '*.tsbuildinfo' | xargs rm -f

# --- deps: production dependencies of the six services only (no dev dependencies, no test tools) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev \
      --workspace=apps/gateway --workspace=apps/prompt-executor --workspace=apps/credential-vault \
      --workspace=apps/feedback --workspace=apps/audit-log --workspace=apps/support-notifier \
 && npm cache clean --force

# --- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# npm and corepack are not needed to run node and only widen the image.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /out ./
# A numeric user, so Kubernetes can verify runAsNonRoot; the chart runs it as 10001 too.
USER 10001:10001
EXPOSE 8080 9090
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["apps/gateway/dist/src/main.js"]
