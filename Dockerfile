# The ledger API. node:20 (not -slim): better-sqlite3 compiles its native module at `npm ci`.
FROM node:20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
# Build with the dev dependencies (TypeScript, Vite for the web console), then run with production ones only.
RUN npm run build && npm prune --omit=dev
RUN mkdir /data && chown node:node /data
ENV NODE_ENV=production PORT=3000 LEDGER_DATA_DIR=/data
VOLUME /data
EXPOSE 3000
USER node
CMD ["node", "dist/apps/ledger-api/main.js"]
