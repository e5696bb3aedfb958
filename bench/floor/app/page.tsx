import { floorAction } from "./actions";

/** References the action so it is in the build's server-reference manifest. */
export default function Page() {
  async function submit() {
    "use server";
    await floorAction({ slug: "x", stepKey: "y", answer: "z" });
  }
  return (
    <form action={submit}>
      <button type="submit">floor</button>
    </form>
  );
}
