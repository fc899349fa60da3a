/** Open questions per handover, for the lists (the sender's and the municipality's inbox): what still waits for an answer is flagged on its row. */
import { useEffect, useState } from 'react';
import { api } from './api';
import { t, type Lang } from './i18n';

/** Pages read at most (100 questions a page): the lists flag what is open, they are not the question worklist. */
const MAX_PAGES = 5;

/**
 * The caller's open questions counted per handover (GET /v1/questions?state=open: a sender's are
 * those asked of it, a municipality's those it asked). Null until known; a failure leaves the
 * flags out rather than saying "none".
 */
export function useOpenQuestions(): Map<string, number> | null {
  const [counts, setCounts] = useState<Map<string, number> | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const byHandover = new Map<string, number>();
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const q: string = `/v1/questions?state=open&limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const r: { items: { handoverId: string }[]; next: string | null } = await api.get(q);
        for (const item of r.items) byHandover.set(item.handoverId, (byHandover.get(item.handoverId) ?? 0) + 1);
        if (!r.next) break;
        after = r.next;
      }
      if (live) setCounts(byHandover);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return counts;
}

/** A row's flag: "1 åbent spørgsmål" / "3 open questions", or a dash while none is open. */
export function OpenQuestionsTag({ count, lang }: { count: number | undefined; lang: Lang }) {
  if (count === undefined) return <>–</>;
  return <span className="flag">{count === 1 ? t('openQuestionOne', lang) : t('openQuestionsMany', lang, { count })}</span>;
}
