package io.syntropic137.projections.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The shared production cache. Each projection has an epoch counter in Redis ({@code INCR} on invalidation,
 * announced over pub/sub); keys carry the epoch, so every node agrees on which entries are current.
 * While Redis is unreachable, or until the epochs are known again after an outage, reads go straight to the
 * loader: slower, never stale. {@link #degraded()} says so for the health endpoint.
 */
public final class RedisQueryCache implements QueryCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisQueryCache.class);
    private static final String CHANNEL = "syn:cache:invalidate";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final String namespace;
    private final Duration ttl;
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();
    private volatile String problem;
    private final Thread healer;
    private volatile boolean open = true;

    /**
     * @param redisUri  e.g. {@code redis://127.0.0.1:6379/0}
     * @param namespace key prefix, so several deployments can share one Redis
     */
    public RedisQueryCache(String redisUri, String namespace, Duration ttl) {
        this.namespace = namespace;
        this.ttl = ttl;
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(Duration.ofMillis(500));
        this.client = RedisClient.create(uri);
        // fail fast while disconnected instead of queueing: a cache read must never wait for Redis to return
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        try {
            this.connection = client.connect();
            this.pubSub = client.connectPubSub();
        } catch (RedisException e) {
            client.shutdown();
            throw new IllegalStateException("cannot connect to Redis at " + redisUri + " (check SYN_REDIS_URL): " + e.getMessage(), e);
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                int separator = message.lastIndexOf(':');
                String projection = message.substring(0, separator);
                long epoch = Long.parseLong(message.substring(separator + 1));
                epochs.merge(projection, epoch, Math::max);
            }
        });
        pubSub.sync().subscribe(CHANNEL);
        this.healer = Thread.ofVirtual().name("redis-cache-healer").start(this::healLoop);
    }

    @Override
    public String get(String projection, String key, Supplier<String> loader) {
        if (problem != null) {
            return loader.get();
        }
        try {
            long epoch = epoch(projection);
            String redisKey = namespace + ":q:" + projection + ":" + epoch + ":" + key;
            String cached = connection.sync().get(redisKey);
            if (cached != null) {
                return cached;
            }
            String loaded = loader.get();
            connection.sync().set(redisKey, loaded, SetArgs.Builder.px(ttl.toMillis()));
            return loaded;
        } catch (RedisException e) {
            markDegraded(e);
            return loader.get();
        }
    }

    private long epoch(String projection) {
        Long known = epochs.get(projection);
        if (known != null) {
            return known;
        }
        String stored = connection.sync().get(epochKey(projection));
        long epoch = stored == null ? 0 : Long.parseLong(stored);
        return epochs.merge(projection, epoch, Math::max);
    }

    @Override
    public void invalidate(String projection) {
        try {
            long epoch = connection.sync().incr(epochKey(projection));
            epochs.merge(projection, epoch, Math::max);
            connection.sync().publish(CHANNEL, projection + ":" + epoch);
        } catch (RedisException e) {
            // without the shared epoch moving, other nodes could serve this projection's old entries
            markDegraded(e);
        }
    }

    private String epochKey(String projection) {
        return namespace + ":epoch:" + projection;
    }

    private void markDegraded(RedisException e) {
        if (problem == null) {
            LOG.warn("Redis cache unavailable, reading without cache until it recovers: {}", e.toString());
        }
        problem = "redis cache unavailable: " + e.getMessage();
    }

    /** After an outage, invalidations may have been missed: bump every known epoch before using entries again. */
    private void healLoop() {
        while (open) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            if (problem == null) {
                continue;
            }
            try {
                connection.sync().ping();
                for (String projection : epochs.keySet()) {
                    long epoch = connection.sync().incr(epochKey(projection));
                    epochs.merge(projection, epoch, Math::max);
                    connection.sync().publish(CHANNEL, projection + ":" + epoch);
                }
                problem = null;
                LOG.info("Redis cache recovered");
            } catch (RedisException e) {
                problem = "redis cache unavailable: " + e.getMessage();
            }
        }
    }

    @Override
    public Optional<String> degraded() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void close() {
        open = false;
        healer.interrupt();
        pubSub.close();
        connection.close();
        client.shutdown();
    }
}
