// The 原因 of an audit log entry in Chinese: what the server recorded of it (its facts), then the
// words a person gave (a refund's reason, a close's note).
import type { AuditEntry, AuditFacts } from '../../shared/report';
import { yuan } from '../dom';
import { zh } from '../i18n/zh';
import { blockerText } from './close';

const t = zh.audit;
const role = (name: string) => zh.staff.roles[name] ?? name;

function factsText(facts: AuditFacts, person: (staffId: string) => string): string {
  switch (facts.kind) {
    case 'refused':
      return t.refused(
        t.operations[facts.operation] ?? facts.operation,
        t.refusals[facts.code] ?? t.refusalCode(facts.code),
      );
    case 'discount':
      return t.discount(yuan(facts.discount), yuan(facts.subtotal));
    case 'price_override':
      return t.priceOverride(
        facts.lines
          .map((line) => t.priceLine(line.name, yuan(line.listUnitPrice), yuan(line.unitPrice)))
          .join('，'),
      );
    case 'staff_added':
      return t.staffAdded(facts.name, role(facts.role));
    case 'staff_changed': {
      const changes = [
        facts.renamedFrom === null ? null : t.renamedFrom(facts.renamedFrom),
        facts.role && t.roleChanged(role(facts.role.from), role(facts.role.to)),
        facts.active === null ? null : facts.active ? t.reactivated : t.deactivated,
      ];
      return t.staffChanged(facts.name, changes.filter(Boolean).join('，'));
    }
    case 'pin_changed':
      return facts.name;
    case 'device_paired':
      return t.devicePaired(
        `${facts.code} ${facts.name}`,
        t.deviceKinds[facts.deviceKind] ?? facts.deviceKind,
        facts.byManager,
      );
    case 'day_closed':
      return [
        t.dayClosed(facts.businessDay),
        facts.overridden.length > 0 &&
          t.overridden(facts.overridden.map((b) => blockerText(b, person)).join('；')),
      ]
        .filter(Boolean)
        .join('；');
    case 'shift_approved':
      return t.shiftApproved;
    case 'payment_not_recorded': {
      const causes = t.unrecordedPayment;
      const why =
        facts.cause === 'other_amount'
          ? causes.other_amount(yuan(facts.asked))
          : causes[facts.cause];
      return t.notRecordedRefund(why, facts.trade);
    }
  }
}

/** `person` names a staff member by id (the blockers a close overrode name them). */
export function auditReason(
  entry: Pick<AuditEntry, 'facts' | 'reason'>,
  person: (staffId: string) => string,
): string {
  if (!entry.facts) return entry.reason;
  const recorded = factsText(entry.facts, person);
  // Beside what the server recorded, the words given are a note (a close's, an approval's).
  return entry.reason ? `${recorded}；${t.note(entry.reason)}` : recorded;
}
