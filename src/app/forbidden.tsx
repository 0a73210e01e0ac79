import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md p-8 text-center">
      <h1 className="text-xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-2 text-slate-600">Ask an admin of your company if you need it.</p>
      <Link className="btn mt-4" href="/calendar">
        Back to the calendar
      </Link>
    </main>
  );
}
