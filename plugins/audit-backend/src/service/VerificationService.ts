import { ConflictError, InputError } from '@backstage/errors';
import {
  Acknowledgement,
  acknowledgementMessage,
  auditContent,
  BrokenLink,
  BrokenRange,
  canonicalJson,
  ChainVerifier,
  Checkpoint,
  checkpointMessage,
  Sha256,
  storableText,
  VerifyReport,
} from '@controlplane/plugin-audit-common';
import { Change } from '@controlplane/backend-common';
import { ChainHead } from '../database/AuditStore';
import { AuditStores } from '../database/stores';
import { verifySignature } from './CheckpointSigner';

/** The most broken ranges one report lists. */
const MAX_RANGES = 1000;

/** A broken range as the walk finds it. */
interface WalkedRange {
  fromSeq: number;
  toSeq: number;
  reasons: Set<BrokenLink['reason']>;
  /** The first broken link of the range. */
  first: BrokenLink;
  /** Chained SHA-256 of the range's records as read (what an ack pins). */
  digest: string;
}

/** What one walk over the chain found. */
interface Walk {
  ranges: WalkedRange[];
  /** More than MAX_RANGES ranges are broken. */
  truncated: boolean;
  checked: number;
  contentless: number;
}

/** Records read from the database at a time. */
const PAGE = 1000;

type AnchorStatus = VerifyReport['anchor']['status'];

/**
 * Proves the integrity of the audit trail: walks the retained hash chain
 * and checks the signed checkpoints.
 */
export class VerificationService {
  constructor(
    private readonly stores: AuditStores,
    private readonly options: { sha256: Sha256 },
  ) {}

  /**
   * Walks the retained chain from its anchor in pages (constant memory but
   * for the ranges reported): every record's content against its hashes,
   * every link, the head, every checkpoint's signature and hash, and the
   * acknowledgements of broken ranges.
   */
  async verify(): Promise<VerifyReport> {
    return (await this.#verify()).report;
  }

  async #verify(): Promise<{ report: VerifyReport; walk: Walk }> {
    const { audit } = this.stores;
    const head = await audit.head();
    const anchorStatus = await this.#anchorStatus(head.baseSeq, head.baseHash);
    const walk = await this.#walk(head);
    const acknowledgements = await audit.acknowledgements();
    const acks = this.#checkAcknowledgements(acknowledgements);
    const brokenRanges: BrokenRange[] = walk.ranges.map(range => {
      const ack = acks.valid.find(
        a =>
          a.fromSeq === range.fromSeq &&
          a.toSeq === range.toSeq &&
          a.rangeDigest === range.digest,
      );
      const reported: BrokenRange = {
        fromSeq: range.fromSeq,
        toSeq: range.toSeq,
        reasons: [...range.reasons],
        acknowledged: ack !== undefined,
      };
      if (ack) reported.acknowledgementId = ack.id;
      return reported;
    });
    const firstOpen = walk.ranges.find((_, i) => !brokenRanges[i].acknowledged);
    const checkpoints = await this.#verifyCheckpoints(
      head.baseSeq,
      head.baseHash,
    );
    const report: VerifyReport = {
      ok:
        !firstOpen &&
        !walk.truncated &&
        checkpoints.invalid === 0 &&
        acks.report.invalid === 0 &&
        (anchorStatus === 'genesis' || anchorStatus === 'checkpoint-verified'),
      checked: walk.checked,
      contentPurged: walk.contentless,
      anchor: { seq: head.baseSeq, hash: head.baseHash, status: anchorStatus },
      head: { seq: head.lastSeq, hash: head.lastHash },
      firstBroken: firstOpen?.first,
      brokenRanges,
      checkpoints,
      acknowledgements: acks.report,
    };
    if (walk.truncated) report.brokenRangesTruncated = true;
    return { report, walk };
  }

  /**
   * Records a signed acknowledgement of a range GET /verify reports broken
   * now (exactly its bounds): 400 for any other range, 409 when already
   * acknowledged. The digest pins the records as they are now.
   */
  async acknowledge(
    request: { fromSeq: number; toSeq: number; reason: string },
    acknowledgedBy: string,
  ): Promise<Change<Acknowledgement>> {
    const { fromSeq, toSeq } = request;
    if (fromSeq > toSeq) {
      throw new InputError('fromSeq must not be after toSeq');
    }
    const reason = storableText(request.reason).trim();
    if (reason === '') throw new InputError('reason must not be blank');
    const { report, walk } = await this.#verify();
    const range = report.brokenRanges?.find(
      r => r.fromSeq === fromSeq && r.toSeq === toSeq,
    );
    if (!range) {
      const known = (report.brokenRanges ?? [])
        .slice(0, 10)
        .map(r => `${r.fromSeq}-${r.toSeq}`);
      throw new InputError(
        `${fromSeq}-${toSeq} is not a broken range of the chain; broken now: ${
          known.length > 0 ? known.join(', ') : 'none'
        }`,
      );
    }
    if (range.acknowledged) {
      throw new ConflictError(
        `The broken range ${fromSeq}-${toSeq} is already acknowledged (${range.acknowledgementId})`,
      );
    }
    const digest = walk.ranges.find(
      r => r.fromSeq === fromSeq && r.toSeq === toSeq,
    )!.digest;
    const ack = await this.stores.audit.addAcknowledgement({
      fromSeq,
      toSeq,
      reason,
      acknowledgedBy,
      rangeDigest: digest,
    });
    return {
      result: ack,
      audit: {
        acknowledgementId: ack.id,
        fromSeq,
        toSeq,
        reasons: range.reasons,
        reason,
        rangeDigest: digest,
        keyId: ack.keyId,
      },
    };
  }

  /** The acknowledgements as stored, oldest first. */
  async acknowledgements(): Promise<Acknowledgement[]> {
    return this.stores.audit.acknowledgements();
  }

  /** Walks the chain, collecting every broken range with its digest. */
  async #walk(head: ChainHead): Promise<Walk> {
    const { audit } = this.stores;
    const sha = this.options.sha256;
    const verifier = new ChainVerifier({
      sha256: sha,
      anchor: { seq: head.baseSeq, hash: head.baseHash },
    });
    const ranges: WalkedRange[] = [];
    let truncated = false;
    const note = (broken: BrokenLink, fromSeq: number, fingerprint: string) => {
      const last = ranges[ranges.length - 1];
      if (last && fromSeq <= last.toSeq + 1) {
        last.toSeq = Math.max(last.toSeq, broken.seq);
        last.reasons.add(broken.reason);
        last.digest = sha(last.digest + sha(fingerprint));
        return;
      }
      if (ranges.length >= MAX_RANGES) {
        truncated = true;
        return;
      }
      ranges.push({
        fromSeq,
        toSeq: broken.seq,
        reasons: new Set([broken.reason]),
        first: broken,
        digest: sha(sha(fingerprint)),
      });
    };
    let after = head.baseSeq;
    let lastSeen = head.baseSeq;
    // The chain as of the head read first: records appended while the walk
    // runs are checked next time (walking them would look like a head
    // that fell behind, i.e. missing records).
    let reachedHead = false;
    for (;;) {
      const links = await audit.chainPage(after, PAGE);
      for (const link of links) {
        if (link.seq > head.lastSeq) {
          reachedHead = true;
          break;
        }
        const row = {
          seq: link.seq,
          id: link.id,
          prevHash: link.prevHash,
          hash: link.hash,
          contentHash: link.contentHash,
          content: link.record
            ? auditContent(link.record, link.record.metadataHash)
            : undefined,
          metadata: link.record?.metadata,
        };
        const broken = verifier.check(row);
        if (broken) {
          // Missing records: the range starts at the first one missing.
          const fromSeq =
            broken.reason === 'missing-record' && link.seq > lastSeen + 1
              ? lastSeen + 1
              : link.seq;
          note(broken, fromSeq, canonicalJson(row));
        }
        lastSeen = Math.max(lastSeen, link.seq);
      }
      if (reachedHead || links.length < PAGE) break;
      after = links[links.length - 1].seq;
    }
    const last = verifier.last;
    if (last?.seq !== head.lastSeq || last?.hash !== head.lastHash) {
      // Records at the end are missing or the head was changed.
      note(
        { seq: head.lastSeq, id: '', reason: 'missing-record' },
        Math.min(lastSeen + 1, head.lastSeq),
        canonicalJson({ head }),
      );
    }
    return {
      ranges,
      truncated,
      checked: verifier.checked,
      contentless: verifier.contentless,
    };
  }

  #checkAcknowledgements(acknowledgements: Acknowledgement[]) {
    const report: NonNullable<VerifyReport['acknowledgements']> = {
      checked: 0,
      invalid: 0,
    };
    const valid: Acknowledgement[] = [];
    for (const ack of acknowledgements) {
      report.checked += 1;
      if (
        verifySignature(
          acknowledgementMessage(ack),
          ack.signature,
          ack.publicKey,
        )
      ) {
        valid.push(ack);
      } else {
        report.invalid += 1;
        report.firstInvalid ??= { id: ack.id, reason: 'bad-signature' };
      }
    }
    return { valid, report };
  }

  /**
   * Signed checkpoints, newest first, before `beforeSeq`; with the seq the
   * next page starts before when more follow.
   */
  async checkpoints(paging: {
    limit: number;
    beforeSeq?: number;
  }): Promise<{ checkpoints: Checkpoint[]; nextBeforeSeq?: number }> {
    const { limit, beforeSeq } = paging;
    const page = await this.stores.audit.checkpoints({
      limit: limit + 1,
      beforeSeq,
    });
    const checkpoints = page.slice(0, limit);
    return {
      checkpoints,
      nextBeforeSeq:
        page.length > limit
          ? checkpoints[checkpoints.length - 1].seq
          : undefined,
    };
  }

  async #anchorStatus(
    baseSeq: number,
    baseHash: string,
  ): Promise<AnchorStatus> {
    if (baseSeq === 0) return 'genesis';
    const checkpoint = await this.stores.audit.checkpoint(baseSeq);
    if (!checkpoint) return 'checkpoint-missing';
    return checkpoint.hash === baseHash &&
      verifySignature(
        checkpointMessage(checkpoint),
        checkpoint.signature,
        checkpoint.publicKey,
      )
      ? 'checkpoint-verified'
      : 'checkpoint-invalid';
  }

  async #verifyCheckpoints(
    baseSeq: number,
    baseHash: string,
  ): Promise<VerifyReport['checkpoints']> {
    const { audit } = this.stores;
    const result: VerifyReport['checkpoints'] = { checked: 0, invalid: 0 };
    const flag = (seq: number, reason: string) => {
      result.invalid += 1;
      result.firstInvalid ??= { seq, reason };
    };
    let after = -1;
    for (;;) {
      const page = await audit.checkpoints({ limit: 500, afterSeq: after });
      if (page.length === 0) break;
      const hashes = await audit.hashesOf(
        page.filter(c => c.seq > baseSeq).map(c => c.seq),
      );
      for (const checkpoint of page) {
        result.checked += 1;
        if (
          !verifySignature(
            checkpointMessage(checkpoint),
            checkpoint.signature,
            checkpoint.publicKey,
          )
        ) {
          flag(checkpoint.seq, 'bad-signature');
        } else if (checkpoint.seq > baseSeq) {
          const hash = hashes.get(checkpoint.seq);
          if (hash === undefined) flag(checkpoint.seq, 'record-missing');
          else if (hash !== checkpoint.hash)
            flag(checkpoint.seq, 'hash-mismatch');
        } else if (checkpoint.seq === baseSeq && checkpoint.hash !== baseHash) {
          flag(checkpoint.seq, 'anchor-mismatch');
        }
      }
      after = page[page.length - 1].seq;
    }
    return result;
  }
}
