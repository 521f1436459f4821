/**
 * The staff tab: officers with their agency, role and other agencies (./Officers.tsx), and the
 * audit log of every admin and supervisor change (./AuditLog.tsx).
 */
import './strings.js';
import './staff.css';
import { AuditLog } from './AuditLog.js';
import { Officers, useStaffData } from './Officers.js';

export function StaffTab() {
  const data = useStaffData();
  return (
    <section className="staff">
      <Officers {...data} />
      <AuditLog officers={data.officers} />
    </section>
  );
}
