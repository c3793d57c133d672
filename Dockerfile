# One container per region. Stateless but for the database: a local libSQL file on /data, or a
# remote primary / embedded replica configured through DATABASE_URL and DATABASE_SYNC_URL.
FROM oven/bun:1.4.5 AS deps
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile --production

FROM oven/bun:1.4.5-slim
WORKDIR /app
# HOST=0.0.0.0: the container's port is published; outside a container the default is loopback.
# NODE_ENV=production refuses unsigned webhooks and needs TWILIO_AUTH_TOKEN and STREAM_TOKEN_SECRET
# (the same on every instance) to start.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    REGION=local \
    DATABASE_URL=file:/data/infinioffice.db
COPY --from=deps /app/node_modules ./node_modules
COPY package.json bun.lock tsconfig.json ./
COPY src ./src
# The commands (`bun run demo`, `scenario`, `call`); the simulator they drive lives in src/sim.
COPY scripts ./scripts
# /app/data is where `bun run demo` writes its WAV (the rest of /app stays read-only to `bun`).
RUN mkdir -p /data /app/data && chown -R bun:bun /data /app/data
USER bun
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD bun -e "fetch('http://127.0.0.1:' + (process.env.PORT ?? '8080') + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Bun receives SIGTERM directly (no shell), so draining works.
CMD ["bun", "src/main.ts"]
