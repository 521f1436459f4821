/** PLACEHOLDER: the staff tab (issue 18), filled in by its own module. */
export function StaffTab() {
  return <section className="staff" />;
}
