package dev.miniflow.workspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.miniflow.support.AuditTrail;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password guessing is slowed per account and per client address (form login, HTTP Basic and
 * invitation acceptance alike): each failure takes a token from both buckets, and an empty bucket
 * refuses further attempts, right or wrong, until it refills. Unknown and known accounts are
 * treated the same, so the answer tells nothing about which exist. A lockout is audited. The
 * buckets live in this instance's memory, bounded in number.
 */
@Component
public class LoginThrottle {
  private final int perAccount;
  private final int perAddress;
  private final Duration window;
  private final Cache<String, Bucket> buckets;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  LoginThrottle(LoginSettings settings, WorkspaceAccess access, AuditTrail audit,
      org.springframework.transaction.PlatformTransactionManager transactions) {
    this.perAccount = settings.failuresPerAccount();
    this.perAddress = settings.failuresPerAddress();
    this.window = settings.window();
    this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
    this.access = access;
    this.audit = audit;
    // its own transaction: the refused attempt around it rolls back, the lockout stays recorded
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
  }

  /** How long the caller must wait before trying again, if either the account or the address is locked out. */
  public Optional<Duration> lockedOut(String account, String address) {
    Duration wait = Duration.ZERO;
    for (Bucket bucket : new Bucket[] {existing(accountKey(account)), existing(addressKey(address))}) {
      if (bucket != null && bucket.getAvailableTokens() <= 0) {
        Duration left = Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
        wait = left.compareTo(wait) > 0 ? left : wait;
      }
    }
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** A failed attempt: it counts against the account and the address; the one that empties a bucket is audited. */
  public void failed(String account, String address) {
    boolean accountLocked = take(accountKey(account), perAccount);
    boolean addressLocked = take(addressKey(address), perAddress);
    if (accountLocked || addressLocked) {
      String name = normalized(account);
      String detail = (accountLocked ? "account '" + name + "'" : "address " + address) + " locked out for up to "
          + window.toMinutes() + " minutes after repeated failed logins";
      tx.executeWithoutResult(status -> {
        var workspaces = access.workspacesOf(name);
        if (workspaces.isEmpty()) {
          audit.record(name, WorkspaceAudit.LOGIN_LOCKED_OUT, name, null, detail);
        }
        workspaces.forEach(ws -> audit.record(name, WorkspaceAudit.LOGIN_LOCKED_OUT, name, ws, detail));
      });
    }
  }

  /** @return whether this failure emptied the bucket (the lockout starts now) */
  private boolean take(String key, int capacity) {
    Bucket bucket = buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build()).build());
    return bucket.tryConsume(1) && bucket.getAvailableTokens() == 0;
  }

  private Bucket existing(String key) {
    return buckets.getIfPresent(key);
  }

  private static String accountKey(String account) {
    return "account:" + normalized(account);
  }

  private static String addressKey(String address) {
    return "address:" + (address == null ? "?" : address);
  }

  private static String normalized(String account) {
    String name = account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
    return name.length() > 64 ? name.substring(0, 64) : name;
  }
}
