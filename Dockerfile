# syntax=docker/dockerfile:1
# The ledger: the API (the default command) and the CLI (`ledger <command>`) in one image.
# Node 22 LTS on slim Debian bookworm; better-sqlite3's native module is compiled in the build stage, which alone
# carries the toolchain and the dev dependencies.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Everything the build reads (.dockerignore keeps out node_modules, dist, data, tests): `npm run build` is the one place
# that builds, so a step added to it finds its sources here.
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# PDF exports need a font with Chinese glyphs (libs/platform/export/pdf.ts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000 LEDGER_DATA_DIR=/data
WORKDIR /app
# Owned by root, read-only for the process: only /data is the ledger's to write.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY docker/ledger /usr/local/bin/ledger
RUN chmod 0755 /usr/local/bin/ledger && mkdir /data && chown node:node /data && chmod 0700 /data
VOLUME /data
EXPOSE 3000
USER node
# The slim image has no curl: Node's own fetch asks /health.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/ledger-api/main.js"]
