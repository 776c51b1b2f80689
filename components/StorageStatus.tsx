/**
 * How much the extension stores and whether the browser keeps it under storage pressure, with a
 * reminder to export when it does not.
 */
import type { StorageInfo } from '../services/pages/ui';
import { formatBytes, t, tn } from '../lib/i18n';

export interface StorageStatusProps {
  /** null while being measured. */
  info: StorageInfo | null;
  count: number;
}

export function StorageStatus({ info, count }: StorageStatusProps) {
  if (!info) return <p class="hint">{t('storageMeasuring')}</p>;
  return (
    <div class="storage" data-persisted={String(info.persisted)}>
      <p>
        {info.usage === null
          ? tn('storageUsedUnknown', count)
          : info.quota
            ? tn('storageUsed', count, formatBytes(info.usage), count, formatBytes(info.quota))
            : tn('storageUsedNoQuota', count, formatBytes(info.usage), count)}
      </p>
      <p class={info.persisted ? 'ok' : 'warning'}>{info.persisted ? t('storagePersisted') : t('storageNotPersisted')}</p>
    </div>
  );
}
