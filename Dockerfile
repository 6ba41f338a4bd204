# The ledger API. node:20 (not -slim): better-sqlite3 compiles its native module at `npm ci`.
FROM node:20
# PDF exports need a font with Chinese glyphs.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# Build with the dev dependencies (Nest CLI, TypeScript), then run with production ones only.
RUN npm run build && npm prune --omit=dev
RUN mkdir /data && chown node:node /data
ENV NODE_ENV=production PORT=3000 LEDGER_DATA_DIR=/data
VOLUME /data
EXPOSE 3000
USER node
CMD ["node", "dist/apps/ledger-api/main.js"]
