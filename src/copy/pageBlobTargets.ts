const MiB = 1024 * 1024;

/** How fast one page blob takes writes: bytes and requests per second. */
export interface BlobRates {
  bytesPerSecond: number;
  requestsPerSecond: number;
}

/**
 * Azure's scalability targets for one page blob of a standard storage account: 60 MiB/s and 500
 * requests per second. Beyond either, the service answers `503 ServerBusy` (or `500
 * OperationTimedOut`); managed disks and premium accounts take more, which the pacer finds out.
 */
export const pageBlobTargets: BlobRates = { bytesPerSecond: 60 * MiB, requestsPerSecond: 500 };

/** The most one Put Page From URL copies. */
export const maxPieceBytes = 4 * MiB;

/** The largest page blob Azure stores: 8 TiB. */
export const maxPageBlobBytes = 8 * 1024 * 1024 * MiB;
