import {
  auditContent,
  BrokenLink,
  ChainVerifier,
  Checkpoint,
  checkpointMessage,
  Sha256,
  VerifyReport,
} from '@controlplane/plugin-audit-common';
import { AuditStores } from '../database/stores';
import { verifySignature } from './CheckpointSigner';

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
   * Walks the retained chain from its anchor in pages (constant memory):
   * every record's content against its hashes, every link, the head, and
   * every checkpoint's signature and hash.
   */
  async verify(): Promise<VerifyReport> {
    const { audit } = this.stores;
    const head = await audit.head();
    const anchorStatus = await this.#anchorStatus(head.baseSeq, head.baseHash);
    const verifier = new ChainVerifier({
      sha256: this.options.sha256,
      anchor: { seq: head.baseSeq, hash: head.baseHash },
    });
    let firstBroken: BrokenLink | undefined;
    let after = head.baseSeq;
    for (;;) {
      const links = await audit.chainPage(after, PAGE);
      for (const link of links) {
        firstBroken = verifier.check({
          seq: link.seq,
          id: link.id,
          prevHash: link.prevHash,
          hash: link.hash,
          contentHash: link.contentHash,
          content: link.record
            ? auditContent(link.record, link.record.metadataHash)
            : undefined,
          metadata: link.record?.metadata,
        });
        if (firstBroken) break;
      }
      if (firstBroken || links.length < PAGE) break;
      after = links[links.length - 1].seq;
    }
    const last = verifier.last;
    if (
      !firstBroken &&
      (last?.seq !== head.lastSeq || last?.hash !== head.lastHash)
    ) {
      // Records at the end are missing or the head was changed.
      firstBroken = {
        seq: head.lastSeq,
        id: '',
        reason: 'missing-record',
      };
    }
    const checkpoints = await this.#verifyCheckpoints(
      head.baseSeq,
      head.baseHash,
    );
    return {
      ok:
        !firstBroken &&
        checkpoints.invalid === 0 &&
        (anchorStatus === 'genesis' || anchorStatus === 'checkpoint-verified'),
      checked: verifier.checked,
      contentPurged: verifier.contentless,
      anchor: { seq: head.baseSeq, hash: head.baseHash, status: anchorStatus },
      head: { seq: head.lastSeq, hash: head.lastHash },
      firstBroken,
      checkpoints,
    };
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
