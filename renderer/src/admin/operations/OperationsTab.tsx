/** PLACEHOLDER: the operations tab (issue 18), filled in by its own module. */
export function OperationsTab() {
  return <section className="operations" />;
}
